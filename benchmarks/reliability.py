"""`make reliability`: load and faults against two app servers, one PostgreSQL, one Redis.

    .venv/bin/python benchmarks/reliability.py [--clients 200] [--seconds 60]

Creates (and afterwards drops) its own database on the PostgreSQL server of
RELIABILITY_POSTGRES and uses database 15 of RELIABILITY_REDIS; prints the
figures as JSON and exits with 1 if anything did not hold.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import psycopg

from samverkan.operations.reliability import AppServer, Installation, exercise, judge


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--outage", type=float, default=3, help="database outage (s)")
    args = parser.parse_args()
    server = os.environ.get(
        "RELIABILITY_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    redis = os.environ.get("RELIABILITY_REDIS", "redis://127.0.0.1:6379/15")
    name = f"samverkan_reliability_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="samverkan-reliability-") as var:
            installation = Installation(
                database_url=server.rsplit("/", 1)[0] + f"/{name}",
                redis_url=redis,
                var_dir=Path(var),
            )
            installation.run("migrate", "--noinput", "-v0")
            installation.prepare(users=min(args.clients, 50))
            apps = [AppServer(installation) for _ in range(args.servers)]
            try:
                report = exercise(
                    installation,
                    apps,
                    clients=args.clients,
                    seconds=args.seconds,
                    outage_seconds=args.outage,
                    users=min(args.clients, 50),
                )
            finally:
                for app in apps:
                    app.stop()
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    report["problems"] = judge(report, outage_seconds=args.outage)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
