"""Back up the database and the documents into one archive, and restore it.

The archive is a gzip'd tar file:

    data/<app_label>.<model>.jsonl   one JSON array per row, columns as in the manifest
    media/<storage name>             every file a FileField points to
    manifest.json                    format, migrations, and per member its SHA-256

Rows are written portably (ISO dates, decimals as text), so an archive made on
SQLite restores into PostgreSQL and back. Restoring checks every checksum
before it writes anything, loads all rows in one transaction and removes the
files it stored again if anything fails: all or nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

from samverkan.lib.errors import DomainError

from .generate import fixed_timestamps

FORMAT = "samverkan-backup"
VERSION = 1
BATCH = 2000
CHUNK = 1024 * 1024
# Filled by `migrate` in every installation; replaced by the archive's rows.
MIGRATE_FILLS = (ContentType, Permission)

Progress = Callable[[str, int], None]


class BackupError(DomainError):
    """The archive cannot be restored here; nothing was changed."""


def _quiet(phase: str, step: int) -> None:
    return None


def data_models() -> list[type[models.Model]]:
    """Every table Django manages, many-to-many tables included, in a fixed order.

    Only models whose table exists: a model defined by a test has none.
    """
    tables = set(connection.introspection.table_names())
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table in tables
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField):
        return lambda value: value
    if isinstance(field, models.BinaryField):
        return lambda value: None if value is None else base64.b64decode(value)
    return field.to_python


class _Hashing(io.RawIOBase):
    """Read from `source` while hashing what was read."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:
        data = self.source.read(len(buffer))
        self.sha256.update(data)
        buffer[: len(data)] = data
        return len(data)


def file_names() -> list[str]:
    """Every stored file some row points to."""
    names: set[str] = set()
    for model in data_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    name
                    for name in model._default_manager.values_list(
                        field.attname, flat=True
                    ).distinct()
                    if name
                )
    return sorted(names)


def _dump_model(model: type[models.Model], target: Path) -> dict:
    fields = model._meta.concrete_fields
    columns = [field.attname for field in fields]
    digest = hashlib.sha256()
    rows = 0
    with target.open("wb") as out:
        queryset = model._default_manager.order_by("pk").values_list(*columns)
        for row in queryset.iterator(chunk_size=BATCH):
            line = (
                json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n"
            ).encode()
            digest.update(line)
            out.write(line)
            rows += 1
    return {"columns": columns, "rows": rows, "sha256": digest.hexdigest()}


def backup(*, path: Path, progress: Progress = _quiet) -> dict:
    """Write the database and the documents to the archive `path`; return the manifest."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # Every table as of one moment, while the site goes on writing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _backup(path=path, progress=progress)


def _backup(*, path: Path, progress: Progress) -> dict:
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": applied_migrations(),
        "tables": {},
        "files": {},
    }
    partial = path.with_name(path.name + ".partial")
    with (
        tempfile.TemporaryDirectory(dir=path.parent) as staging,
        tarfile.open(partial, "w:gz", compresslevel=1) as archive,
    ):
        for model in data_models():
            label = model._meta.label_lower
            member = f"data/{label}.jsonl"
            local = Path(staging) / f"{label}.jsonl"
            manifest["tables"][label] = {"member": member, **_dump_model(model, local)}
            archive.add(local, arcname=member, recursive=False)
            local.unlink()
            progress("tables", 1)
        for name in file_names():
            if not default_storage.exists(name):
                raise BackupError(
                    f"Filen {name} finns i databasen men inte i dokumentlagret."
                )
            info = tarfile.TarInfo(f"media/{name}")
            info.size = default_storage.size(name)
            info.mtime = 0
            with default_storage.open(name, "rb") as handle:
                reader = _Hashing(handle)
                archive.addfile(info, io.BufferedReader(reader, CHUNK))
            manifest["files"][name] = {
                "size": info.size,
                "sha256": reader.sha256.hexdigest(),
            }
            progress("files", 1)
        encoded = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(encoded)
        archive.addfile(info, io.BytesIO(encoded))
    partial.replace(path)
    return manifest


# ----------------------------------------------------------------- restore
def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _unpack(path: Path, staging: Path) -> dict:
    """Unpack the archive into `staging` and check it against its manifest."""
    try:
        with tarfile.open(path, "r:*") as archive:
            archive.extractall(staging, filter="data")
        manifest = json.loads((staging / "manifest.json").read_text())
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(f"Arkivet {path} kan inte läsas: {error}") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Filen är inte en säkerhetskopia av Samverkan.")
    for label, table in manifest["tables"].items():
        member = staging / table["member"]
        if not member.is_file() or _sha256_of(member) != table["sha256"]:
            raise BackupError(f"Kontrollsumman stämmer inte för tabellen {label}.")
    for name, entry in manifest["files"].items():
        member = staging / "media" / name
        if not member.is_file() or _sha256_of(member) != entry["sha256"]:
            raise BackupError(f"Kontrollsumman stämmer inte för filen {name}.")
    return manifest


def _check_target(manifest: dict) -> dict[str, type[models.Model]]:
    if manifest["migrations"] != applied_migrations():
        raise BackupError(
            "Säkerhetskopian kommer från en annan version av Samverkan: kör samma "
            "version och `samverkan migrate` innan du återställer."
        )
    by_label = {model._meta.label_lower: model for model in data_models()}
    # An empty table this version does not know loses nothing; one with rows would.
    unknown = sorted(
        label
        for label, table in manifest["tables"].items()
        if label not in by_label and table["rows"]
    )
    if unknown:
        raise BackupError(f"Okända tabeller i säkerhetskopian: {', '.join(unknown)}.")
    filled = [
        label
        for label, model in by_label.items()
        if model not in MIGRATE_FILLS and model._default_manager.exists()
    ]
    if filled:
        raise BackupError(
            "Återställning görs bara till en tom installation; det finns redan "
            f"data i {', '.join(filled[:5])}."
        )
    for name in manifest["files"]:
        if default_storage.exists(name):
            raise BackupError(f"Filen {name} finns redan i dokumentlagret.")
    return by_label


def _rows(member: Path) -> Iterator[list]:
    with member.open("rb") as handle:
        for line in handle:
            yield json.loads(line)


def _load_table(model: type[models.Model], table: dict, member: Path) -> int:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    if set(table["columns"]) != set(fields):
        raise BackupError(f"Kolumnerna i {model._meta.label} stämmer inte.")
    columns = table["columns"]
    decoders = [_decoder(fields[column]) for column in columns]
    batch: list[models.Model] = []
    count = 0
    for row in _rows(member):
        values = {c: d(v) for c, d, v in zip(columns, decoders, row, strict=True)}
        batch.append(model(**values))
        if len(batch) >= BATCH:
            model._default_manager.bulk_create(batch)
            count += len(batch)
            batch.clear()
    if batch:
        model._default_manager.bulk_create(batch)
        count += len(batch)
    if count != table["rows"]:
        raise BackupError(f"Fel antal rader i {model._meta.label}.")
    return count


def restore(*, path: Path, progress: Progress = _quiet) -> dict:
    """Restore the archive `path` into this empty installation; return its manifest."""
    with tempfile.TemporaryDirectory() as directory:
        staging = Path(directory)
        manifest = _unpack(path, staging)
        by_label = _check_target(manifest)
        stored: list[str] = []
        try:
            with transaction.atomic(), fixed_timestamps():
                for model in MIGRATE_FILLS:
                    model._default_manager.all()._raw_delete(connection.alias)
                for label, table in manifest["tables"].items():
                    if label not in by_label:
                        continue  # empty: see _check_target
                    _load_table(by_label[label], table, staging / table["member"])
                    progress("tables", 1)
                statements = connection.ops.sequence_reset_sql(
                    no_style(), list(by_label.values())
                )
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
                for name in manifest["files"]:
                    with (staging / "media" / name).open("rb") as handle:
                        saved = default_storage.save(name, File(handle))
                    stored.append(saved)
                    if saved != name:
                        raise BackupError(
                            f"Filen {name} kunde inte sparas under sitt namn."
                        )
                    progress("files", 1)
        except BaseException:
            for name in stored:
                default_storage.delete(name)
            raise
    return manifest
