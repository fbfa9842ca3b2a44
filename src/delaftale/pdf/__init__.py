"""PDF input: born-digital delaftaler (exported from Word or LibreOffice) read into the model.

The only package that imports a PDF library (pdfplumber, on pdfminer.six), and only when a
PDF is read: ``import delaftale`` does not import it.
"""

from delaftale.pdf.reader import (
    EncryptedPdfError,
    PdfLimits,
    Source,
    read_pdf,
    read_pdf_with_report,
)

__all__ = ["EncryptedPdfError", "PdfLimits", "Source", "read_pdf", "read_pdf_with_report"]
