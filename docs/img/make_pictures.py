"""Render the pictures in docs/writing.md: page 1 of a seed agreement written in each layout.

Needs LibreOffice (soffice) and poppler (pdftoppm). Run from the repository root:
``python docs/img/make_pictures.py``. The pictures show what the writer makes, so they are
remade whenever the writer changes how a layout is filled.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import delaftale  # noqa: E402
from fixtures.build_docx_fixtures import build_agreement  # noqa: E402
from fixtures.build_templates import build_templates  # noqa: E402

STEM = "ishoj-2025-uddannelse-og-livschancer"
OLD = "soenderborg-2021-uddannelse-og-livschancer"


def main() -> None:
    """Write the pictures to docs/img/layout-<name>.png."""
    out = Path(__file__).resolve().parent
    agreement = delaftale.loads(
        (ROOT / "examples" / f"{STEM}.json").read_text(), delaftale.Agreement
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        documents = {"built-in": delaftale.render_docx(agreement)}
        for name, path in build_templates(tmp / "templates").items():
            documents[name] = delaftale.render_docx(agreement, template=path)
            shutil.copy(path, tmp / f"blank-{name}.docx")
        old = json.loads((ROOT / "examples" / f"{OLD}.json").read_text())
        documents["filled-template"] = delaftale.render_docx(
            agreement, template=build_agreement(old, "form")
        )
        for name, data in documents.items():
            (tmp / f"layout-{name}.docx").write_bytes(data)
        files = sorted(str(p) for p in tmp.glob("*.docx"))
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp),
                *files,
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        for pdf in sorted(tmp.glob("*.pdf")):
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-scale-to-x",
                    "372",
                    "-scale-to-y",
                    "-1",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-W",
                    "372",
                    "-H",
                    "400",
                    str(pdf),
                    str(out / pdf.stem),
                ],
                check=True,
                timeout=60,
            )
            print(out / f"{pdf.stem}.png")


if __name__ == "__main__":
    main()
