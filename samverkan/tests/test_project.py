import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "samverkan/locale/en/LC_MESSAGES/django.po"


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Our interpreter in a fresh process, without the test run's settings."""
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        check=False,
    )


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_python("-m", "samverkan.cli", *args, **env)


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-and-random-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "samverkan.example.org",
}


def test_the_production_profile_passes_check_deploy():
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_profile_fails_check_deploy():
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", DEBUG="1")

    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION, SECRET_KEY="")

    result = run_cli("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_server_process_freezes_what_it_loaded_and_collects_in_batches():
    code = (
        "import gc; import samverkan.wsgi as w;"
        "print(gc.get_threshold() == w.GC_THRESHOLDS, gc.get_freeze_count() > 10_000)"
    )
    result = run_python("-c", code, **PRODUCTION)
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_the_command_accepts_dashed_command_names():
    result = run_cli("load-demo", "--help")

    assert result.returncode == 0
    assert "--if-empty" in result.stdout


def test_the_english_catalog_translates_every_message():
    catalog = polib.pofile(str(CATALOG))

    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalog_matches_the_source():
    source = polib.pofile(str(CATALOG))
    compiled = polib.mofile(str(CATALOG.with_suffix(".mo")))

    def as_dict(catalog):
        return {(e.msgctxt, e.msgid): e.msgstr for e in catalog if e.msgid}

    assert as_dict(compiled) == as_dict(source)


@pytest.mark.parametrize(
    ("variable", "value", "engine"),
    [
        ("postgres://postgres@127.0.0.1:5432/x", "x", "django.db.backends.postgresql"),
        (
            "sqlite:////tmp/samverkan-settings-test.sqlite3",
            "/tmp/samverkan-settings-test.sqlite3",
            "django.db.backends.sqlite3",
        ),
    ],
)
def test_database_url_chooses_the_database(variable, value, engine):
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    environment = dict(
        os.environ, DATABASE_URL=variable, DJANGO_SETTINGS_MODULE="samverkan.settings"
    )

    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=True,
    )

    assert result.stdout.split() == [engine, value]


def test_a_sqlite_database_file_runs_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    environment = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
        DJANGO_SETTINGS_MODULE="samverkan.settings",
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=True,
    )

    assert result.stdout.strip() == "wal"


def test_swedish_is_spoken_whatever_the_browser_asks_for(client, demo):
    response = client.get(
        "/samverkan/vardsamverkan-skane/", headers={"Accept-Language": "en-US,en"}
    )

    assert response.headers["Content-Language"] == "sv"
    assert "Central nivå" in response.content.decode()


def test_the_language_switcher_turns_the_site_english_and_back(client, demo):
    page = "/samverkan/vardsamverkan-skane/"

    client.post("/i18n/setlang/", {"language": "en", "next": page})
    english = client.get(page)
    client.post("/i18n/setlang/", {"language": "sv", "next": page})
    swedish = client.get(page)

    assert "Central level" in english.content.decode()
    assert english.headers["Content-Language"] == "en"
    assert "Central nivå" in swedish.content.decode()
