import errno
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan.documents.models import Document, DocumentVersion
from samverkan.documents.services import DocumentStoreFailed
from samverkan.matters.models import Matter
from samverkan.matters.services import register_matter
from samverkan.operations import replicas
from samverkan.operations.generate import pdf_bytes
from samverkan.operations.tasks import canary
from samverkan.operations.workers import requeue_interrupted


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def full_disk(monkeypatch):
    """A document store that takes one file and then reports a full disk."""
    real_save = FileSystemStorage._save
    saved = []

    def save(self, name, content):
        if saved:
            raise OSError(errno.ENOSPC, "No space left on device")
        saved.append(name)
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return saved


def test_a_full_document_store_leaves_no_rows_and_no_files(
    db, settings, persona_body, region, full_disk
):
    with pytest.raises(DocumentStoreFailed, match="dokumentlagret är fullt"):
        register_matter(
            body=persona_body,
            title="Två bilagor",
            description="Den andra får inte plats.",
            raised_by=region,
            category="other",
            actor=None,
            attachments=[
                ("forsta.pdf", pdf_bytes(["Första"])),
                ("andra.pdf", pdf_bytes(["Andra"])),
            ],
        )
    assert full_disk  # the first file was stored before the disk filled up
    assert not Matter.objects.exists()
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert _stored_files(settings) == []


def test_the_intake_form_says_the_store_is_full_and_saves_nothing(
    client, settings, structure, persona_body, municipality, party_contact, full_disk
):
    client.force_login(party_contact)
    response = client.post(
        reverse("matters:create", args=[structure.slug]),
        {
            "body": persona_body.pk,
            "title": "Med bilagor",
            "description": "Text.",
            "raised_by": municipality.pk,
            "category": "other",
            "visibility": "internal",
            "attachments": [
                _upload("forsta.pdf", pdf_bytes(["Första"])),
                _upload("andra.pdf", pdf_bytes(["Andra"])),
            ],
        },
    )
    assert response.status_code == 400
    assert (
        "dokumentlagret är fullt eller inte tillgängligt" in response.content.decode()
    )
    assert not Matter.objects.exists()
    assert _stored_files(settings) == []


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.urls("samverkan.operations.tests.failing_urls")
def test_a_database_that_is_away_answers_503_with_a_page_that_retries(db):
    response = Client(raise_request_exception=False).get("/away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "Tjänsten är tillfälligt otillgänglig" in text
    assert 'http-equiv="refresh"' in text


@pytest.mark.urls("samverkan.operations.tests.failing_urls")
def test_the_drivers_own_error_outside_djangos_wrapper_also_answers_503(db):
    response = Client(raise_request_exception=False).get("/cut/")
    assert response.status_code == 503
    assert "Tjänsten är tillfälligt otillgänglig" in response.content.decode()


@pytest.mark.urls("samverkan.operations.tests.failing_urls")
def test_any_other_failure_answers_500_with_the_plain_error_page(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Ett fel har inträffat" in response.content.decode()
    assert "Retry-After" not in response


class _User:
    is_authenticated = True


def _request(method: str, path: str, user: object):
    request = RequestFactory().generic(method, path)
    request.user = user
    return request


@pytest.mark.parametrize(
    ("method", "path", "user", "replica"),
    [
        ("GET", "/samverkan/x/", AnonymousUser(), True),
        ("HEAD", "/samverkan/x/", AnonymousUser(), True),
        ("POST", "/samverkan/x/", AnonymousUser(), False),
        ("GET", "/samverkan/x/", _User(), False),
        ("GET", "/api/v1/bodies", _User(), True),
        ("POST", "/api/v1/bodies", _User(), False),
    ],
)
def test_public_reads_and_api_reads_go_to_the_replica(
    monkeypatch, method, path, user, replica
):
    monkeypatch.setitem(
        replicas.settings.DATABASES, "replica", {"ENGINE": "unused-in-this-test"}
    )
    router = replicas.ReplicaRouter()
    seen = []

    def view(request):
        seen.append(router.db_for_read(Matter))
        return None

    replicas.ReplicaMiddleware(view)(_request(method, path, user))
    assert seen == ["replica" if replica else None]
    assert router.db_for_write(Matter) == "default"
    assert router.db_for_read(Matter) is None  # outside a request


def test_without_a_replica_every_read_goes_to_the_primary():
    router = replicas.ReplicaRouter()
    seen = []
    replicas.ReplicaMiddleware(lambda request: seen.append(router.db_for_read(Matter)))(
        _request("GET", "/", AnonymousUser())
    )
    assert seen == [None]


def _task(status: str, workers: list[str]) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        worker_ids=workers,
        args_kwargs={"args": ["t", 0], "kwargs": {}},
        task_path="samverkan.operations.tasks.canary",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
    )


def test_a_restarted_worker_requeues_only_the_task_it_was_running(db):
    mine = _task("RUNNING", ["w2", "w1"])
    others = _task("RUNNING", ["w2"])
    handed_on = _task("RUNNING", ["w1", "w2"])
    finished = _task("SUCCESSFUL", ["w1"])
    assert requeue_interrupted(worker_id="w1") == [str(mine.pk)]
    statuses = {
        task.pk: task.status
        for task in DBTaskResult.objects.filter(
            pk__in=[mine.pk, others.pk, handed_on.pk, finished.pk]
        )
    }
    assert statuses == {
        mine.pk: "READY",
        others.pk: "RUNNING",
        handed_on.pk: "RUNNING",
        finished.pk: "SUCCESSFUL",
    }
    with transaction.atomic():
        assert DBTaskResult.objects.ready().filter(pk=mine.pk).exists()


def test_the_canary_task_marks_its_token_done_once_per_run(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    canary.call("abc", 0)
    assert (tmp_path / "canary" / "abc").read_text() == "done\n"
