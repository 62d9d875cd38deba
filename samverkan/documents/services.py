"""Store documents and their versions: whole or not at all."""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.lib.errors import DomainError

from .files import checksum, extract_text, identify
from .models import Document, DocumentVersion
from .signals import text_extracted

# The files stored inside the outermost `files_removed_on_failure` block.
_stored: ContextVar[list | None] = ContextVar("stored_files", default=None)


class DocumentStoreFailed(DomainError):
    """The document store refused the file (full, or away); nothing was saved."""

    status_code = 503
    code = "document_store_failed"


@contextlib.contextmanager
def files_removed_on_failure() -> Iterator[None]:
    """Remove the files stored inside the block again if the block fails.

    Wrap a service that writes rows and files in one transaction (outside its
    `transaction.atomic`), so a failure after a file was stored — a second
    file that does not fit, a row that cannot be written — leaves no file
    without a row behind.
    """
    if _stored.get() is not None:  # the outermost block cleans up
        yield
        return
    token = _stored.set([])
    try:
        yield
    except BaseException:
        for file in _stored.get():
            file.storage.delete(file.name)
        raise
    finally:
        _stored.reset(token)


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
    try:
        version.file.save(filename, ContentFile(content), save=False)
    except OSError as error:
        raise DocumentStoreFailed(
            _(
                "Dokumentet %(name)s kunde inte sparas: dokumentlagret är fullt "
                "eller inte tillgängligt. Inget har sparats; försök igen senare."
            )
            % {"name": filename}
        ) from error
    if (stored := _stored.get()) is not None:
        stored.append(version.file)
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
