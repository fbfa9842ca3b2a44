"""Converting documents with LibreOffice, when it is installed: bounded, isolated, explained.

LibreOffice is the one converter between Word and other formats that is free, scriptable and
on every platform our users have. It is run headless, in a fresh temporary profile and
folder (so a user's own LibreOffice settings, macros and recent files are neither used nor
touched, and two conversions never share state), with a time limit, and only on bytes the
library made or already checked against the reader's size limits. Without LibreOffice the
error says what to install, or how to do the conversion by hand.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from delaftale.errors import ConversionError, DelaftaleError, WriteError

__all__ = ["CONVERT_SECONDS", "READ_CONVERT_SECONDS", "convert_to_docx", "docx_to_pdf", "soffice"]

CONVERT_SECONDS = 180
"""Time limit of one LibreOffice conversion to PDF; a delaftale converts in a few seconds."""

READ_CONVERT_SECONDS = 120
"""Time limit of converting a .doc, .rtf or .odt for reading (a few seconds for a delaftale)."""

_MAX_OUTPUT_BYTES = 200 * 1024 * 1024

_INSTALL = "Debian/Ubuntu: apt-get install libreoffice-writer-nogui; elsewhere libreoffice.org"


# The fresh profile's settings: a document's links to pictures and other files outside it
# are not followed (a hostile .odt otherwise has LibreOffice fetch a URL while converting,
# telling its sender the file was opened, or reaching a server inside the network), and no
# macro runs, whatever the document holds.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
  oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
  oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
  oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """The LibreOffice command (``soffice`` or ``libreoffice``) on the PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(
    data: bytes, *, suffix: str, target: str, out_suffix: str, seconds: int
) -> tuple[bytes | None, str]:
    """LibreOffice's conversion of ``data`` (saved as ``document<suffix>``) to ``target``.

    Returns the output's bytes (None when LibreOffice made none) and the last line it said on
    stderr. Raises ``subprocess.TimeoutExpired`` after ``seconds`` and ``FileNotFoundError``
    when LibreOffice is not installed.
    """
    command = soffice()
    if command is None:
        raise FileNotFoundError("soffice")
    with tempfile.TemporaryDirectory(prefix="delaftale-office-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        out = work / "out"
        out.mkdir()
        environment = {**os.environ, "HOME": str(work)}
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        # In a session of its own: on a timeout the whole group is stopped, including the
        # soffice.bin the soffice script starts (killing the script alone leaves it running).
        process = subprocess.Popen(
            [
                command,
                "--headless",
                "--norestore",
                "--nolockcheck",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(source),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise
        except BaseException:  # Ctrl-C: LibreOffice goes too
            _stop(process)
            raise
        said = stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[-1][:200] if said else ""
        made = out / f"document{out_suffix}"
        if process.returncode != 0 or not made.is_file():
            return None, reason
        if made.stat().st_size > _MAX_OUTPUT_BYTES:
            raise DelaftaleError(f"LibreOffice made a file larger than {_MAX_OUTPUT_BYTES} bytes")
        return made.read_bytes(), reason


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and everything it started, and wait for it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):  # gone, or not POSIX
        process.kill()
    process.communicate()


def docx_to_pdf(docx: bytes, *, name: str = "delaftale") -> bytes:
    """The PDF LibreOffice makes of a .docx, as bytes.

    Raises ``WriteError`` when LibreOffice is not installed (saying how to install it, or how
    to convert by hand), when it fails or takes longer than ``CONVERT_SECONDS``.
    """
    try:
        pdf, reason = _convert(
            docx, suffix=".docx", target="pdf", out_suffix=".pdf", seconds=CONVERT_SECONDS
        )
    except FileNotFoundError:
        raise WriteError(
            f"Writing {name} as PDF needs LibreOffice, which is not installed here. Install it "
            f"({_INSTALL}), or write a .docx and save it as PDF from Word."
        ) from None
    except subprocess.TimeoutExpired:
        raise WriteError(
            f"LibreOffice took more than {CONVERT_SECONDS} s to make a PDF of {name} and was "
            "stopped. Write a .docx instead and save it as PDF from Word or LibreOffice."
        ) from None
    except DelaftaleError:
        raise WriteError(
            f"LibreOffice made a PDF of {name} larger than 200 MiB; not kept."
        ) from None
    if pdf is None:
        said = f" ({reason})" if reason else ""
        raise WriteError(
            f"LibreOffice could not make a PDF of {name}{said}. Write a .docx instead and "
            "save it as PDF from Word or LibreOffice."
        )
    return pdf


_KINDS = {
    ".doc": "an old Word document (.doc)",
    ".rtf": "a Rich Text document (.rtf)",
    ".odt": "an OpenDocument text (.odt, from LibreOffice or Google Docs)",
}


def convert_to_docx(data: bytes, *, suffix: str, name: str) -> bytes:
    """A .doc, .rtf or .odt document's bytes converted to .docx by LibreOffice, for reading.

    ``suffix`` says what the bytes are (".doc", ".rtf" or ".odt"), as recognised from their
    content; ``name`` is used in messages. Raises ``ConversionError`` when LibreOffice is not
    installed (saying what to install, or to save the file as .docx by hand), fails, or takes
    longer than ``READ_CONVERT_SECONDS``.
    """
    kind = _KINDS[suffix]
    by_hand = "open it in Word or LibreOffice and save it as a Word document (.docx)"
    try:
        docx, reason = _convert(
            data,
            suffix=suffix,
            target="docx:MS Word 2007 XML",
            out_suffix=".docx",
            seconds=READ_CONVERT_SECONDS,
        )
    except FileNotFoundError:
        raise ConversionError(
            f"{name} is {kind}. Reading it needs LibreOffice, which is not installed here: "
            f"install it ({_INSTALL}), or {by_hand} and read that file."
        ) from None
    except subprocess.TimeoutExpired:
        raise ConversionError(
            f"{name} is {kind}; LibreOffice took more than {READ_CONVERT_SECONDS} s to convert "
            f"it and was stopped. {by_hand[0].upper()}{by_hand[1:]}, and read that file."
        ) from None
    except DelaftaleError:
        raise ConversionError(
            f"{name} is {kind}; converted, it is larger than {_MAX_OUTPUT_BYTES} bytes, which "
            "no delaftale is. Check that this is the right file."
        ) from None
    if docx is None:
        said = f" ({reason})" if reason else ""
        raise ConversionError(
            f"{name} is {kind}, and LibreOffice could not convert it{said}: it may be "
            f"damaged or protected with a password. {by_hand[0].upper()}{by_hand[1:]}, and "
            "read that file."
        )
    return docx
