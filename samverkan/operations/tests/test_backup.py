import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import transaction

from samverkan.documents.models import DocumentVersion
from samverkan.operations.backup import BackupError, backup, restore
from samverkan.operations.generate import generate
from samverkan.organisation.models import Structure

from . import records

SAMVERKAN = Path(sys.executable).parent / "samverkan"
# A matter registered through the service: history rows, a user, a document
# stored by the real storage and a queued task (UUID and JSON columns).
REGISTER = """
from samverkan.accounts.models import User
from samverkan.matters.services import register_matter
from samverkan.operations.generate import pdf_bytes
from samverkan.organisation.models import Body, Party
user = User.objects.create_user("registrator", password="round-trip-password-1")
body = Body.objects.get(short_name="CS")
register_matter(body=body, title="Ett ärende med bilaga", description="Text.",
    raised_by=Party.objects.filter(kind="region").get(), category="other",
    actor=user, attachments=[("bilaga.pdf", pdf_bytes(["Bilaga"]))])
"""


def _installation(tmp_path: Path, name: str, database_url: str) -> dict[str, str]:
    var = tmp_path / name
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SAMVERKAN_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
    }


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(SAMVERKAN), *args], env=env, check=True, capture_output=True, timeout=300
    )


def _records(env: dict[str, str], out: Path) -> dict:
    subprocess.run(
        [sys.executable, "-m", "samverkan.operations.tests.records", str(out)],
        env=env,
        check=True,
        timeout=300,
    )
    return json.loads(out.read_text())


def _files(env: dict[str, str]) -> dict[str, str]:
    root = Path(env["MEDIA_ROOT"])
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_a_backup_goes_through_the_suites_database_and_back_unchanged(
    db, settings, tmp_path
):
    """SQLite → the suite's database (PostgreSQL in CI's second run) → SQLite."""
    source = _installation(tmp_path, "a", f"sqlite:///{tmp_path}/a.sqlite3")
    final = _installation(tmp_path, "c", f"sqlite:///{tmp_path}/c.sqlite3")
    _run(source, "migrate", "-v0")
    shutil.copy(tmp_path / "a.sqlite3", tmp_path / "c.sqlite3")  # migrated, empty
    _run(source, "generate", "--scale", "small", "--seed", "9", "--no-progress")
    _run(source, "shell", "-c", REGISTER)
    _run(source, "backup", str(tmp_path / "a.tar.gz"), "--no-progress")
    expected = _records(source, tmp_path / "a.json")
    files = _files(source)

    settings.MEDIA_ROOT = tmp_path / "b" / "media"
    restore(path=tmp_path / "a.tar.gz")
    collected = records.collect()
    # Models other test modules define in this process are not the project's.
    assert not any(collected[label] for label in set(collected) - set(expected))
    assert {label: collected[label] for label in expected} == expected
    assert _files({"MEDIA_ROOT": str(settings.MEDIA_ROOT)}) == files
    backup(path=tmp_path / "b.tar.gz")

    _run(final, "restore", str(tmp_path / "b.tar.gz"), "--no-progress")
    assert expected["matters.Matter"] and expected["matters.HistoricalMatter"]
    assert expected["django_tasks_database.DBTaskResult"]
    assert len(files) == 25
    assert _records(final, tmp_path / "c.json") == expected
    assert _files(final) == files


@pytest.fixture
def archive(db, settings, tmp_path):
    """An archive of the small data set, made in a transaction rolled back."""
    target = tmp_path / "backup.tar.gz"
    with transaction.atomic():
        generate(scale="small", seed=1, media_root=Path(settings.MEDIA_ROOT))
        manifest = backup(path=target)
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    return target, manifest


def test_the_manifest_names_every_table_and_file_with_its_checksum(archive):
    target, manifest = archive
    with tarfile.open(target) as tar:
        members = set(tar.getnames())
        for name, entry in manifest["files"].items():
            content = tar.extractfile(f"media/{name}").read()
            assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        for table in manifest["tables"].values():
            content = tar.extractfile(table["member"]).read()
            assert hashlib.sha256(content).hexdigest() == table["sha256"]
            assert len(content.splitlines()) == table["rows"]
    assert len(manifest["files"]) == 24
    assert manifest["tables"]["documents.documentversion"]["rows"] == 24
    assert {f"media/{name}" for name in manifest["files"]} <= members


def _rewrite(source: Path, target: Path, change: callable) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            content = change(member.name, old.extractfile(member).read())
            member.size = len(content)
            new.addfile(member, io.BytesIO(content))


def test_a_damaged_archive_is_refused_before_anything_is_written(archive, tmp_path):
    target, manifest = archive
    damaged = tmp_path / "damaged.tar.gz"
    name = next(iter(manifest["files"]))
    _rewrite(
        target,
        damaged,
        lambda member, content: (
            content + b"x" if member == f"media/{name}" else content
        ),
    )
    with pytest.raises(BackupError, match="Kontrollsumman stämmer inte för filen"):
        restore(path=damaged)
    assert not Structure.objects.exists()


def test_it_restores_only_into_an_empty_installation(archive, structure):
    with pytest.raises(BackupError, match="tom installation"):
        restore(path=archive[0])


def test_a_failure_while_storing_files_leaves_no_rows_and_no_files(
    archive, settings, monkeypatch
):
    from django.core.files.storage import default_storage

    real_save = default_storage.save
    calls = []

    def full_disk(name, content, **kwargs):
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        calls.append(name)
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", full_disk)
    with pytest.raises(OSError, match="No space"):
        restore(path=archive[0])
    assert not Structure.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []


def test_a_restored_archive_gives_back_the_rows(archive):
    target, manifest = archive
    restore(path=target)
    assert Structure.objects.count() == 1
    assert DocumentVersion.objects.count() == 24
    version = DocumentVersion.objects.first()
    with version.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == version.sha256
