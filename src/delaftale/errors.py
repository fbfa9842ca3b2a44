"""The exception hierarchy: every error the library raises on purpose is a DelaftaleError.

Validation never raises on bad data (it returns a Report); exceptions are for input the
caller must handle: text that is not Danish notation, data that does not fit the model.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ConversionError",
    "CorruptDocxError",
    "CorruptPdfError",
    "DataError",
    "DelaftaleError",
    "EncryptedDocxError",
    "EncryptedPdfError",
    "FigureTooLargeError",
    "FilledTemplateWarning",
    "GuessedEncodingWarning",
    "LegacyWordError",
    "NotADelaftaleError",
    "NotADocxError",
    "NotAPdfTextError",
    "NotationError",
    "ReadError",
    "UnsafeDocxError",
    "UnsafePdfError",
    "WriteError",
]


class DelaftaleError(Exception):
    """Base class of every error raised by delaftale on purpose."""


class NotationError(DelaftaleError, ValueError):
    """Text that should be a Danish number, percent, date or period, and is not.

    The message quotes the text, says what was expected, and gives an example.
    """


class FigureTooLargeError(NotationError):
    """A number with more digits than any figure of a delaftale or budget can have.

    See ``delaftale.model.FIGURE_DIGITS``; such a number is refused rather than carried, as
    it could take megabytes to print.
    """


class DataError(DelaftaleError, ValueError):
    """Data (JSON or Python dicts) that does not fit the model.

    ``problems`` lists every problem found, each as "what @ $.path"; the message holds them
    all, one per line, so a user fixes everything in one go.
    """

    def __init__(self, summary: str, problems: Sequence[str] = ()) -> None:
        self.summary = summary
        self.problems: tuple[str, ...] = tuple(problems)
        lines = [summary, *(f"  - {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


class ReadError(DelaftaleError):
    """A file that cannot be read as a delaftale.

    The subclass says why; the message says which file and what to do.
    """


class NotADocxError(ReadError):
    """The file is not a Word .docx file at all (plain text, PDF, an image …)."""


class LegacyWordError(ReadError):
    """The file is an old binary Word document (.doc); save it as .docx first."""


class EncryptedDocxError(ReadError):
    """The .docx is protected with a password; remove the protection in Word first."""


class CorruptDocxError(ReadError):
    """The .docx is damaged (truncated, or parts missing or not XML)."""


class NotADelaftaleError(ReadError):
    """The file is a Word document, but not a delaftale form."""


class UnsafeDocxError(ReadError):
    """The .docx exceeds a safety limit (size, entries, compression ratio, XML depth or DTD)."""


class NotAPdfTextError(ReadError):
    """The PDF has no text to read: a scan (pictures of pages) or an empty file.

    Run it through OCR (text recognition) first, or ask for the Word file or a PDF exported
    from Word or LibreOffice.
    """


class CorruptPdfError(ReadError):
    """The PDF is damaged (truncated, or its structure cannot be parsed)."""


class EncryptedPdfError(CorruptPdfError):
    """The PDF is protected with a password; it cannot be read without it.

    A ``CorruptPdfError`` (the file cannot be read as it is), so code catching that catches
    this too. Open it with its password and save a copy without one, or ask for the Word file.
    """


class UnsafePdfError(ReadError):
    """The PDF exceeds a safety limit (size, pages, or what its streams unpack to)."""


class ConversionError(ReadError):
    """A .doc, .rtf or .odt file could not be converted to .docx for reading.

    LibreOffice is not installed, failed, or took too long; the message says which and what
    to do (install LibreOffice, or save the file as .docx from Word).
    """


class WriteError(DelaftaleError):
    """The agreement cannot be written; the message says what and where.

    For example a character Word cannot store, a template without the form's labels, or a
    target that is the template itself.
    """


class FilledTemplateWarning(UserWarning):
    """The template given to the writer was a filled-in delaftale, not a blank form.

    The writer emptied its answer slots, its delmål rows and all but one activity schema
    before filling it, keeping its layout, styles, headers and page setup; the message says
    so, in English and Danish (``message_da``). ``delaftale write`` prints it.
    """

    def __init__(self, message: str, message_da: str) -> None:
        super().__init__(message)
        self.message_da = message_da


class GuessedEncodingWarning(UserWarning):
    """A text file was not UTF-8, so its encoding was guessed (Windows-1252, Latin-1).

    Danish Excel's "CSV (semikolonsepareret)" writes Windows-1252; the follow-up sheet's
    reader reads such a file so rather than refuse it, and warns: the message names the
    file, the encoding used and what to do (save it as CSV UTF-8, so æ, ø and å are sure to
    be read right).
    """
