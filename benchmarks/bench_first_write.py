"""Benchmark: the first write in a fresh process against docxtpl's first render of a template.

Goal (issue 14): the first ``render_docx`` in a fresh process (every ``delaftale write``)
costs at most 1.2x docxtpl's first render of a template in a fresh process. Each child
process loads its data from a file and produces the .docx bytes:

- docxtpl: ``import docxtpl``, load the template (``bench_write.jinja_template()``, saved to
  a temporary file beforehand), load the context (the same texts, as JSON) and render + save;
- delaftale: ``import delaftale``, load the example's JSON and ``render_docx`` it.

The two alternate in each repetition; the children run with bytecode caches allowed
(PYTHONDONTWRITEBYTECODE removed) and are warmed once before measuring. Wall time of the
whole process, median of ``--repeat`` runs.

    python benchmarks/bench_first_write.py [--repeat 11]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_write import context, jinja_template

import delaftale

EXAMPLES = Path(__file__).parent.parent / "examples"

DOCXTPL = """\
import io, json, sys
from docxtpl import DocxTemplate
tpl = DocxTemplate(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    values = json.load(f)
tpl.render(values)
out = io.BytesIO()
tpl.save(out)
assert out.getvalue()
"""

OURS = """\
import sys
import delaftale
with open(sys.argv[1], encoding="utf-8") as f:
    agreement = delaftale.loads(f.read(), delaftale.Agreement)
assert delaftale.render_docx(agreement)
"""


def environment() -> dict[str, str]:
    """The environment of this process, with bytecode caches allowed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(code: str, *args: str, env: dict[str, str]) -> float:
    """Wall time of ``python -c code args`` in a fresh process, in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env)
    return time.perf_counter() - start


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    env = environment()
    print(
        "first write in a fresh process: render_docx vs docxtpl's first render,"
        f" median of {args.repeat} (interleaved)"
    )
    print(f"{'example':46} {'docxtpl ms':>10} {'delaftale ms':>12} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp, "template.docx")
        template.write_bytes(jinja_template())
        empty = statistics.median(run("pass", env=env) for _ in range(args.repeat))
        for path in sorted(EXAMPLES.glob("*.json")):
            agreement = delaftale.loads(path.read_text(encoding="utf-8"), delaftale.Agreement)
            values = Path(tmp, f"{path.stem}.context.json")
            values.write_text(json.dumps(context(agreement), ensure_ascii=False), "utf-8")
            theirs_args = (DOCXTPL, str(template), str(values))
            ours_args = (OURS, str(path))
            run(*theirs_args, env=env)  # warm: bytecode compiled, files in the page cache
            run(*ours_args, env=env)
            theirs, ours = [], []
            for _ in range(args.repeat):
                theirs.append(run(*theirs_args, env=env))
                ours.append(run(*ours_args, env=env))
            t_tpl, t_ours = statistics.median(theirs), statistics.median(ours)
            print(f"{path.stem:46} {t_tpl * 1e3:10.1f} {t_ours * 1e3:12.1f} {t_ours / t_tpl:6.2f}")
    print(f"(python -c pass: {empty * 1e3:.1f} ms, included in both)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
