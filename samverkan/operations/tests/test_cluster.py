"""Two app processes on one PostgreSQL and one Redis, under load and faults.

These run on the PostgreSQL pass of the suite (they need the server) with a
Redis at REDIS_URL (default 127.0.0.1:6379). The installation's database is a
copy of the suite's migrated test database (pg_dump), so no migration runs.
"""

import os
import shutil
import subprocess

import psycopg
import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from samverkan.operations.reliability import (
    AppServer,
    Client,
    Installation,
    exercise,
    judge,
)

# The suite's test database is created only for tests that ask for one.
pytestmark = pytest.mark.django_db

REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")


def _copy(source: str, target: str, env: dict[str, str]) -> None:
    """Copy the database `source` into the empty database `target`."""
    dump = subprocess.run(  # noqa: S603
        [shutil.which("pg_dump"), "--no-owner", source],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(  # noqa: S603
        [shutil.which("psql"), "-q", "-v", "ON_ERROR_STOP=1", target],
        input=dump.stdout,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def installation(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL pass of the suite")
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS}: {error}")
    if not (shutil.which("pg_dump") and shutil.which("psql")):
        pytest.skip("pg_dump and psql are not installed")
    source = django_settings.DATABASES["default"]
    name = f"{source['NAME']}_cluster"
    base = f"postgres://{source['USER']}@{source['HOST']}:{source['PORT'] or 5432}"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
    _copy(f"{base}/{source['NAME']}", f"{base}/{name}", env)
    yield Installation(
        database_url=f"{base}/{name}",
        redis_url=REDIS,
        var_dir=tmp_path_factory.mktemp("cluster"),
    )
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def servers(installation):
    """Two app servers (one process each) on the installation, prepared."""
    installation.prepare(users=4)
    started = [AppServer(installation, workers=1) for _ in range(2)]
    try:
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:
            server.stop()


def test_two_app_servers_share_sessions_and_data(installation, servers):
    data = installation.data
    client = Client(servers[0].url)
    client.sign_in("last0", installation.password)
    slug = data["structure"]
    registered = []
    for number in range(6):
        # Alternate servers with the same session: it lives in Redis.
        client.base = servers[number % 2].url
        response = client.request(
            "POST",
            f"/samverkan/{slug}/arenden/nytt/",
            {
                "body": data["bodies"][0],
                "title": f"Ärende via server {number % 2 + 1}",
                "description": "Registrerat under provet.",
                "raised_by": data["users"][0]["party"],
                "category": "other",
                "visibility": "internal",
            },
        )
        assert response.status_code == 302, response.text[:500]
        registered.append(response.headers["Location"])
    for location in registered:
        for server in servers:
            client.base = server.url
            page = client.request("GET", location.replace("registrerat/", ""))
            assert page.status_code == 200
    client.base = servers[1].url
    listing = client.request("GET", f"/samverkan/{slug}/arenden/?q=via+server")
    assert listing.text.count("Ärende via server 1") == 3
    assert listing.text.count("Ärende via server 2") == 3


def test_load_with_a_database_outage_a_killed_worker_and_bad_uploads(
    installation, servers
):
    """The reduced form of `make reliability`: 20 clients for 15 seconds."""
    report = exercise(
        installation,
        servers,
        clients=20,
        seconds=15,
        outage_seconds=2,
        users=4,
    )
    assert judge(report, outage_seconds=2) == [], report
    assert report["load"]["failures_during_outage"]  # the outage was felt
    assert report["worker"]["attempts"] == 2


def test_public_pages_read_from_the_replica_and_signed_in_pages_do_not(
    installation, servers
):
    primary = installation.database_url
    replica = f"{primary}_replica"
    with psycopg.connect(installation.server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{installation.database_name}_replica"')
        conn.execute(f'CREATE DATABASE "{installation.database_name}_replica"')
    _copy(primary, replica, dict(os.environ))
    # The replica lags behind: it still has the structure's old name.
    with psycopg.connect(replica, autocommit=True) as conn:
        conn.execute("UPDATE organisation_structure SET name = 'Replikens namn'")
    server = AppServer(installation, workers=1, DATABASE_REPLICA_URL=replica)
    try:
        server.wait_ready()
        path = f"/samverkan/{installation.data['structure']}/"
        anonymous = Client(server.url).request("GET", path)
        assert anonymous.status_code == 200
        assert "Replikens namn" in anonymous.text
        signed_in = Client(server.url)
        signed_in.sign_in("last0", installation.password)
        page = signed_in.request("GET", path)
        assert page.status_code == 200
        assert "Replikens namn" not in page.text
        assert "Vårdsamverkan Stockholm" in page.text
    finally:
        server.stop()
        with psycopg.connect(installation.server_url, autocommit=True) as conn:
            conn.execute(
                f'DROP DATABASE "{installation.database_name}_replica" WITH (FORCE)'
            )
