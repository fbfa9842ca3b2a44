"""Benchmark: write_docx's built-in form against docxtpl rendering the same content.

Goal (issue 4): writing a seed agreement with the built-in form is no slower than docxtpl
rendering a Jinja template with the same content (title, labels, every paragraph, the delmål
table, one block per activity), measured side by side in the same run.

    python benchmarks/bench_write.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate

import delaftale
from delaftale.danish import format_measurement, format_period, format_staff_line
from delaftale.word import form

EXAMPLES = Path(__file__).parent.parent / "examples"


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def jinja_template() -> bytes:
    """A docxtpl template of the delaftale form, with loops for every list of paragraphs."""
    document = docx.Document()
    document.add_paragraph("{{ title }}", style="Title")
    for text in form.BOILERPLATE[1:]:
        document.add_paragraph(text)

    def loop(label: str, name: str, style: str | None = None) -> None:
        document.add_paragraph(label, style="Heading 2")
        document.add_paragraph(f"{{%p for p in {name} %}}")
        document.add_paragraph("{{ p }}", style=style)
        document.add_paragraph("{%p endfor %}")

    document.add_paragraph(
        "Navn på den boligsociale indsats, som delaftalen vedrører:", style="Heading 2"
    )
    document.add_paragraph("{{ initiative }}")
    document.add_paragraph("Delaftalen gælder fra - til:", style="Heading 2")
    document.add_paragraph("{{ period }}")
    loop("Delaftalens parter:", "parties")
    document.add_paragraph("Delmål og indikatorer for indsatsområdet", style="Heading 2")
    table = document.add_table(rows=3, cols=6)
    for cell, column in zip(table.rows[0].cells, form.DELMAAL_COLUMNS, strict=True):
        cell.text = column.header
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for cell, key in zip(
        table.rows[2].cells,
        ["title", "description", "baseline", "comparison", "year", "source"],
        strict=True,
    ):
        cell.text = f"{{{{ r.{key} }}}}"
    row = table.add_row()
    row.cells[0].text = "{%tr endfor %}"
    loop("Aktiviteter:", "activity_names", "List Bullet")
    loop("Medarbejderressourcer for indsatsområdet:", "staff", "List Bullet")
    loop("Sammenhæng med den kommunale indsats i boligområdet:", "municipal")
    loop("Revision af delaftalen:", "revision")
    document.add_paragraph("{%p for a in activities %}")
    document.add_paragraph("Aktivitetsnavn:", style="Heading 3")
    document.add_paragraph("{{ a.name }}")
    for label, key in [
        ("Formål:", "purpose"),
        ("Målgruppe(r):", "target_group"),
        ("Indhold og praksis:", "content"),
        ("Ansvars- og rollefordeling:", "responsibilities"),
    ]:
        document.add_paragraph(label, style="Heading 3")
        document.add_paragraph(f"{{%p for p in a.{key} %}}")
        document.add_paragraph("{{ p }}")
        document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def context(a: delaftale.Agreement) -> dict[str, Any]:
    """The agreement as docxtpl's context: the same texts the writer prints."""

    def paras(text: delaftale.Text) -> list[str]:
        return [p.text for p in text.paragraphs()]

    rows = [
        {
            "title": g.title,
            "description": i.description,
            "baseline": format_measurement(i.baseline) if i.baseline else "",
            "comparison": format_measurement(i.comparison) if i.comparison else "",
            "year": i.baseline_year.text if i.baseline_year else "",
            "source": i.data_source or "",
        }
        for g in a.sub_goals
        for i in g.indicators
    ]
    return {
        "title": a.title,
        "initiative": a.initiative or "",
        "period": format_period(a.period) if a.period else "",
        "parties": [str(p) for p in a.parties],
        "rows": rows,
        "activity_names": list(a.activity_names),
        "staff": [format_staff_line(x) for x in a.staffing.allocations],
        "municipal": paras(a.municipal_context),
        "revision": paras(a.revision),
        "activities": [
            {
                "name": x.name,
                "purpose": paras(x.purpose),
                "target_group": paras(x.target_group),
                "content": paras(x.content),
                "responsibilities": paras(x.responsibilities),
            }
            for x in a.activities
        ],
    }


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    template = jinja_template()
    print("write_docx (built-in form) vs docxtpl render of the same content, best of", args.repeat)
    print(f"{'example':46} {'docxtpl ms':>10} {'delaftale ms':>12} {'ratio':>6}")
    for path in sorted(EXAMPLES.glob("*.json")):
        agreement = delaftale.loads(path.read_text(encoding="utf-8"), delaftale.Agreement)
        values = context(agreement)

        def with_docxtpl(values: dict[str, Any] = values) -> bytes:
            tpl = DocxTemplate(io.BytesIO(template))
            tpl.render(values)
            out = io.BytesIO()
            tpl.save(out)
            return out.getvalue()

        t_tpl = best(with_docxtpl, args.repeat)
        t_ours = best(lambda a=agreement: delaftale.render_docx(a), args.repeat)
        print(f"{path.stem:46} {t_tpl * 1e3:10.1f} {t_ours * 1e3:12.1f} {t_ours / t_tpl:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
