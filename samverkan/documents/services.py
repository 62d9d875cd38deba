"""Store documents and their versions: whole or not at all."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from samverkan.accounts.models import User

from .files import checksum, extract_text, identify
from .models import Document, DocumentVersion
from .signals import text_extracted


def add_version(
    *, document: Document, filename: str, content: bytes, actor: User | None
) -> DocumentVersion:
    """Store `content` as the next version of `document`.

    Raise DocumentRefused for a file of the wrong kind or size. The file is
    removed again if the rows cannot be written, so no orphan is left.
    """
    kind = identify(filename, content)
    version = DocumentVersion(
        document=document,
        filename=filename[-255:],
        kind=kind,
        size=len(content),
        sha256=checksum(content),
        uploaded_by=actor,
    )
    version.file.save(filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            last = document.versions.aggregate(last=Max("number"))["last"] or 0
            version.number = last + 1
            version.save()
            document.save(update_fields=["modified"])
            transaction.on_commit(lambda: _extract(version.pk))
    except BaseException:
        version.file.delete(save=False)
        raise
    return version


def create_document(
    *, title: str, filename: str, content: bytes, actor: User | None
) -> Document:
    """Create a document with its first version."""
    identify(filename, content)  # refuse before any row is written
    with transaction.atomic():
        document = Document.objects.create(title=title or filename)
        add_version(document=document, filename=filename, content=content, actor=actor)
    return document


def _extract(version_id: int) -> None:
    from .tasks import extract_version_text

    extract_version_text.enqueue(version_id)


def extract_into(version: DocumentVersion) -> str:
    """Extract and store the text of `version`; return it."""
    with version.file.open("rb") as handle:
        content = handle.read()
    try:
        text = extract_text(version.kind, content)
    except Exception:  # noqa: BLE001 - a damaged file is stored, just not searchable
        text = ""
    DocumentVersion.objects.filter(pk=version.pk).update(text=text, text_extracted=True)
    text_extracted.send(sender=DocumentVersion, version=version)
    return text
