"""Converting documents with LibreOffice, when it is installed: bounded, isolated, explained.

LibreOffice is the one converter between Word and other formats that is free, scriptable and
on every platform our users have. It is run headless, in a fresh temporary profile and
folder (so a user's own LibreOffice settings, macros and recent files are neither used nor
touched, and two conversions never share state), with a time limit, and only on bytes the
library made or already checked. Without LibreOffice the error says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from delaftale.errors import WriteError

__all__ = ["CONVERT_SECONDS", "docx_to_pdf", "soffice"]

CONVERT_SECONDS = 180
"""Time limit of one LibreOffice conversion; a delaftale converts in a few seconds."""

_MAX_PDF_BYTES = 200 * 1024 * 1024


def soffice() -> str | None:
    """The LibreOffice command (``soffice`` or ``libreoffice``) on the PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, name: str = "delaftale") -> bytes:
    """The PDF LibreOffice makes of a .docx, as bytes.

    Raises ``WriteError`` when LibreOffice is not installed (saying how to install it, or how
    to convert by hand), when it fails or takes longer than ``CONVERT_SECONDS``.
    """
    command = soffice()
    if command is None:
        raise WriteError(
            f"Writing {name} as PDF needs LibreOffice, which is not installed here. Install it "
            "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui), or write a .docx and "
            "save it as PDF from Word."
        )
    with tempfile.TemporaryDirectory(prefix="delaftale-office-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(docx)
        out = work / "out"
        out.mkdir()
        environment = {**os.environ, "HOME": str(work)}
        try:
            done = subprocess.run(
                [
                    command,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(out),
                    str(source),
                ],
                capture_output=True,
                timeout=CONVERT_SECONDS,
                check=False,
                stdin=subprocess.DEVNULL,
                env=environment,
            )
        except subprocess.TimeoutExpired:
            raise WriteError(
                f"LibreOffice took more than {CONVERT_SECONDS} s to make a PDF of {name} and was "
                "stopped. Write a .docx instead and save it as PDF from Word or LibreOffice."
            ) from None
        pdf = out / "document.pdf"
        if done.returncode != 0 or not pdf.is_file():
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = f" ({said[-1][:200]})" if said else ""
            raise WriteError(
                f"LibreOffice could not make a PDF of {name}{reason}. Write a .docx instead and "
                "save it as PDF from Word or LibreOffice."
            )
        if pdf.stat().st_size > _MAX_PDF_BYTES:
            raise WriteError(f"LibreOffice made a PDF of {name} larger than 200 MiB; not kept.")
        return pdf.read_bytes()
