import hashlib
import io
import zipfile

import pytest

from samverkan.documents import services
from samverkan.documents.files import DocumentRefused, extract_text, identify
from samverkan.documents.models import Document, DocumentVersion


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "odt"])
def test_each_accepted_kind_is_recognised_and_its_text_extracted(sample_files, kind):
    content = sample_files[kind]

    assert identify(f"rutin.{kind.upper()}", content) == kind
    assert "Rutin för delregional samverkan i Skåne" in extract_text(kind, content)


@pytest.mark.parametrize("name", ["rutin.exe", "rutin.doc", "rutin", "bild.png"])
def test_other_kinds_are_refused_with_the_allowed_list(name):
    with pytest.raises(DocumentRefused) as refused:
        identify(name, b"%PDF-1.7 whatever")

    assert "endast PDF, DOCX, XLSX, ODT är tillåtna" in refused.value.message


def test_a_file_whose_content_does_not_match_its_name_is_refused(sample_files):
    with pytest.raises(DocumentRefused, match="inte en giltig DOCX-fil"):
        identify("rutin.docx", sample_files["xlsx"])
    with pytest.raises(DocumentRefused, match="inte en giltig PDF-fil"):
        identify("rutin.pdf", b"MZ\x90\x00 not a pdf")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/zip")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(DocumentRefused, match="ODT"):
        identify("rutin.odt", buffer.getvalue())


def test_a_file_over_the_limit_is_refused_with_its_size(settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024

    with pytest.raises(DocumentRefused) as refused:
        identify("stor.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024))

    assert "(2.0 MB)" in refused.value.message and "1.0 MB" in refused.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(DocumentRefused, match="tom"):
        identify("tom.pdf", b"")


def test_a_new_version_keeps_the_old_one_with_size_and_checksum(
    db, sample_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.create_document(
            title="Rutin", filename="rutin.pdf", content=sample_files["pdf"], actor=None
        )
        services.add_version(
            document=document,
            filename="rutin.docx",
            content=sample_files["docx"],
            actor=None,
        )

    first, second = document.versions.all()
    assert (first.number, second.number) == (1, 2)
    assert first.size == len(sample_files["pdf"])
    assert first.sha256 == hashlib.sha256(sample_files["pdf"]).hexdigest()
    with first.file.open("rb") as stored:
        assert stored.read() == sample_files["pdf"]
    assert document.current == second
    assert "delregional samverkan" in DocumentVersion.objects.get(pk=second.pk).text


def test_a_refused_file_writes_no_rows_and_no_file(db, tmp_path, settings):
    with pytest.raises(DocumentRefused):
        services.create_document(
            title="x", filename="x.pdf", content=b"nope", actor=None
        )

    assert not Document.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_file_is_removed_when_the_rows_cannot_be_written(
    db, sample_files, tmp_path, monkeypatch
):
    document = Document.objects.create(title="Rutin")

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(DocumentVersion, "save", fail)
    with pytest.raises(RuntimeError):
        services.add_version(
            document=document,
            filename="rutin.pdf",
            content=sample_files["pdf"],
            actor=None,
        )

    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))
