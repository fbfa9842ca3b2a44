"""LibreOffice as an independent reader of what the writer makes: convert .docx to PDF."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_libreoffice = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext, pdfinfo) are not installed here; "
    ".ci/run installs them from Debian's packages (libreoffice-writer-nogui, poppler-utils)",
)


def convert_to_pdf(documents: Iterable[Path], out_dir: Path) -> None:
    """Convert the documents to PDF in ``out_dir`` in one LibreOffice run, own profile."""
    command = soffice()
    assert command is not None
    subprocess.run(
        [
            command,
            "--headless",
            f"-env:UserInstallation=file://{out_dir}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *sorted(str(p) for p in documents),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
