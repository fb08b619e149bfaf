"""Text of a PDF document (brochures, case studies, tender notices), by pypdf; pure functions.

A PDF is analysed like a page: its text goes through the same matcher, its title comes from the
document information. Scanned PDFs have no text layer and give ``None`` (no OCR here).
"""

from __future__ import annotations

import io
import logging
import zlib
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from extractors.analysis import Analysis, analyze, analyze_text
from extractors.html import MainText
from extractors.lexicon import Lexicon, default_lexicon

# pypdf logs every odd object of a damaged file at WARNING; a crawl meets many.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PDF_TYPES = ("application/pdf", "application/x-pdf")
MAX_PDF_PAGES = 300  # a longer document is a catalogue; its first pages say what it is about
PDF_ERRORS = (PyPdfError, ValueError, KeyError, IndexError, TypeError, RecursionError, zlib.error)


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str | None
    pages: int


def is_pdf(body: bytes, content_type: str | None = None) -> bool:
    """By the content type, or by the magic bytes when the server says nothing useful."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    return kind in PDF_TYPES or body[:1024].lstrip().startswith(b"%PDF-")


def pdf_text(body: bytes) -> PdfText | None:
    """The text layer of the document, page by page; None when there is none or it is unreadable."""
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
        title = reader.metadata.title if reader.metadata else None
    except PDF_ERRORS:
        return None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        return None
    return PdfText(text, str(title).strip() or None if title else None, len(reader.pages))


def analyze_pdf(body: bytes, url: str | None = None, *, lexicon: Lexicon | None = None) -> Analysis:
    """``analyze`` for a PDF: the same facts, from the document's text layer."""
    document = pdf_text(body)
    if document is None:
        return analyze(b"", url)  # the empty analysis: nothing usable
    main = MainText(document.text, document.title, None, None)
    return analyze_text(main, url, lexicon or default_lexicon())
