"""What an uploaded file is, and its text: PDF, DOCX, XLSX and ODT only."""

import hashlib
import io
import zipfile
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from samverkan.lib.errors import DomainError

SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".odt": "odt"}
# The member every real file of the kind has inside its zip container.
ZIP_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class DocumentRefused(DomainError):
    code = "document_refused"


def max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)


def identify(filename: str, content: bytes) -> str:
    """Return the kind of `content` (pdf, docx, xlsx, odt) or raise DocumentRefused."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = SUFFIXES.get(suffix)
    allowed = ", ".join(s.lstrip(".").upper() for s in SUFFIXES)
    if kind is None:
        raise DocumentRefused(
            _("Filen %(name)s kan inte tas emot: endast %(allowed)s är tillåtna.")
            % {"name": filename, "allowed": allowed}
        )
    if len(content) > max_bytes():
        raise DocumentRefused(
            _(
                "Filen %(name)s är för stor (%(size)s MB). Största tillåtna storlek är "
                "%(max)s MB."
            )
            % {
                "name": filename,
                "size": round(len(content) / 1_048_576, 1),
                "max": round(max_bytes() / 1_048_576, 1),
            }
        )
    if not content:
        raise DocumentRefused(_("Filen %(name)s är tom.") % {"name": filename})
    if not _content_matches(kind, content):
        raise DocumentRefused(
            _("Filen %(name)s är inte en giltig %(kind)s-fil.")
            % {"name": filename, "kind": kind.upper()}
        )
    return kind


def _content_matches(kind: str, content: bytes) -> bool:
    if kind == "pdf":
        return content.startswith(b"%PDF-")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if kind == "odt" and archive.read("mimetype").strip() != ODT_MIMETYPE:
                return False
    except (zipfile.BadZipFile, KeyError):
        return False
    return ZIP_MARKERS[kind] in names


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def extract_text(kind: str, content: bytes) -> str:
    """Return the plain text of a document (for search and the identity guard)."""
    stream = io.BytesIO(content)
    if kind == "pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(stream).pages)
    if kind == "docx":
        import docx

        document = docx.Document(stream)
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(parts)
    if kind == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(stream, read_only=True, data_only=True)
        lines = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    lines.append("\t".join(cells))
        return "\n".join(lines)
    with zipfile.ZipFile(stream) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))  # noqa: S314 - zip from our own check
    paragraphs = [
        "".join(element.itertext())
        for element in root.iter()
        if element.tag.endswith("}p") or element.tag.endswith("}h")
    ]
    return "\n".join(paragraphs)
