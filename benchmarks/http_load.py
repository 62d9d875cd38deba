"""Drive the production server with load, endpoint by endpoint; print JSON.

    .venv/bin/python benchmarks/http_load.py [--seconds 5] [--clients 2]
    .venv/bin/python benchmarks/http_load.py --scale small --scale national
    .venv/bin/python benchmarks/http_load.py \\
        --data small=postgres://postgres@127.0.0.1:5432/bench_small \\
        --data national=postgres://postgres@127.0.0.1:5432/bench_national

Each data set is a database filled by `samverkan generate --scale …`. With
--scale, the database `samverkan_bench_<scale>` on the PostgreSQL server of
BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432) is used, and made
and generated first when it holds no data (national: some ten minutes); its
documents live in var/bench/<scale>/. Without --data or --scale, a fresh
SQLite database with the small scale is made in a temporary folder. For each, gunicorn serves the application with 2 workers and the
production settings; a load generator in a second process keeps `--clients`
keep-alive connections busy for `--seconds` per endpoint: the public body
page, a meeting page with the most items, the matter list with filters (as a
signed-in official), deviation statistics, a search, an OParl list page and
the minutes PDF — and the floor, a static file served by the same server.

Printed per data set and endpoint: requests per second, p50/p95/p99 in ms and
the ratio of p50 to the floor's p50; with two data sets, the ratio of each
endpoint's p50 between the last and the first (how cost grows with data).
"""

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def environment(database_url: str, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def pick_endpoints() -> dict[str, object]:
    """Inside Django: the addresses to load, and a session of an official."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db.models import Count
    from django.urls import reverse

    from samverkan.accounts.models import RoleGrant, User, Visibility
    from samverkan.meetings.models import Meeting
    from samverkan.organisation.models import Body

    body = Body.objects.select_related("structure").order_by("pk").first()
    structure = body.structure
    meetings = Meeting.objects.filter(visibility=Visibility.PUBLIC).annotate(
        n=Count("items")
    )
    largest = meetings.order_by("-n", "pk").first()
    published = (
        meetings.filter(status=Meeting.Status.PUBLISHED).order_by("-n", "pk").first()
    )
    user, _ = User.objects.get_or_create(username="benchmark-official")
    RoleGrant.objects.get_or_create(
        user=user, role=RoleGrant.Role.OFFICIAL, structure=structure
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    matters = reverse("matters:list", args=[structure.slug])
    official = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"}
    # A visitor with a session cookie is never served from the shared page
    # cache: an unknown session shows what rendering the public page costs.
    rendered = {"Cookie": f"{settings.SESSION_COOKIE_NAME}=no-such-session"}
    # A signed-in user's forced reload renders their page afresh.
    official_rendered = official | {"Cache-Control": "no-cache"}
    anonymous: dict[str, str] = {}
    return {
        # Each endpoint: its address and the headers it is asked with.
        "endpoints": {
            "floor (static file)": ["/static/samverkan/css/samverkan.css", anonymous],
            "body page": [body.get_absolute_url(), anonymous],
            "body page, rendered": [body.get_absolute_url(), rendered],
            "meeting page": [largest.get_absolute_url(), anonymous],
            "meeting page, rendered": [largest.get_absolute_url(), rendered],
            "matter list, filtered (signed in)": [
                f"{matters}?status=received&category=agreement",
                official,
            ],
            "matter list, filtered (signed in), rendered": [
                f"{matters}?status=received&category=agreement",
                official_rendered,
            ],
            "deviation statistics": [
                reverse("deviations:statistics", args=[structure.slug]),
                anonymous,
            ],
            "deviation statistics, rendered": [
                reverse("deviations:statistics", args=[structure.slug]),
                rendered,
            ],
            # A word of one agenda title in fifteen: thousands of hits nationally.
            "search": [
                reverse("search:page") + "?q=l%C3%A4kemedelsgenomg%C3%A5ngar",
                anonymous,
            ],
            "search, rendered": [
                reverse("search:page") + "?q=l%C3%A4kemedelsgenomg%C3%A5ngar",
                rendered,
            ],
            "OParl meeting list": [
                reverse("oparl:list", args=[structure.pk, "meeting"]),
                anonymous,
            ],
            "OParl meeting list, rendered": [
                reverse("oparl:list", args=[structure.pk, "meeting"]),
                rendered,
            ],
            "minutes PDF": [
                reverse("meetings:record", args=[published.pk, "anteckningar", "pdf"]),
                anonymous,
            ],
            "minutes PDF, rendered": [
                reverse("meetings:record", args=[published.pk, "anteckningar", "pdf"]),
                rendered,
            ],
        },
        "meeting_items": largest.n,
        "pdf_items": published.n,
    }


def load(  # noqa: PLR0913
    port: int,
    path: str,
    headers: dict,
    clients: int,
    seconds: float,
    out,  # noqa: ANN001
) -> None:
    """In a process of its own: keep `clients` connections busy; send latencies."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, failed = [], 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.send((latencies, errors[0]))


def measure(port: int, path: str, headers: dict, clients: int, seconds: float) -> dict:
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(
        target=load, args=(port, path, headers, clients, seconds, send)
    )
    process.start()
    latencies, errors = receive.recv()
    process.join()
    latencies.sort()
    if not latencies:
        return {"requests": 0, "errors": errors}
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else []

    def ms(index: int) -> float:
        return round(1000 * (quantiles[index] if quantiles else latencies[0]), 2)

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": ms(49),
        "p95_ms": ms(94),
        "p99_ms": ms(98),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "samverkan.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def bench(label: str, url: str, media: list[str], clients: int, seconds: float) -> dict:
    static_root = tempfile.mkdtemp(prefix="samverkan-static-")
    env = environment(url, static_root)
    # Each data set its own page cache (files under the var folder).
    env["SAMVERKAN_VAR_DIR"] = tempfile.mkdtemp(prefix="samverkan-var-")
    if media:
        env["MEDIA_ROOT"] = media[0]
    samverkan = str(BIN / "samverkan")
    subprocess.run(
        [samverkan, "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    picked = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--pick"],
            env={**env, "DJANGO_SETTINGS_MODULE": "samverkan.settings"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    port = free_port()
    server = serve(env, port)
    try:
        results = {}
        for name, (path, headers) in picked["endpoints"].items():
            measure(port, path, headers, 1, 0.5)  # warm the workers and the cache
            results[name] = {"path": path} | measure(
                port, path, headers, clients, seconds
            )
    finally:
        server.terminate()
        server.wait()
    floor = results["floor (static file)"].get("p50_ms") or 1
    for figures in results.values():
        if "p50_ms" in figures:
            figures["p50_to_floor"] = round(figures["p50_ms"] / floor, 2)
    return {
        "data": label,
        "meeting_items": picked["meeting_items"],
        "pdf_items": picked["pdf_items"],
        "endpoints": results,
    }


def small_sqlite() -> str:
    folder = tempfile.mkdtemp(prefix="samverkan-bench-")
    url = f"sqlite:///{folder}/small.sqlite3"
    env = {**os.environ, "DATABASE_URL": url}
    samverkan = str(BIN / "samverkan")
    subprocess.run([samverkan, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [samverkan, "generate", "--scale", "small", "--seed", "1", "--no-progress"],
        env=env,
        check=True,
        stdout=sys.stderr,
    )
    return url


def postgres_data_set(scale: str) -> tuple[str, str]:
    """Return the URL and media folder of the generated database of `scale`."""
    import psycopg

    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    name = f"samverkan_bench_{scale}"
    url = f"{server}/{name}"
    media = ROOT / "var" / "bench" / scale
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        known = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not known:
            admin.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url) as database:
        filled = (
            database.execute(
                "SELECT to_regclass('organisation_structure') IS NOT NULL"
            ).fetchone()[0]
            and database.execute(
                "SELECT EXISTS (SELECT 1 FROM organisation_structure)"
            ).fetchone()[0]
        )
    if not filled:
        env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
        samverkan = str(BIN / "samverkan")
        subprocess.run(
            [samverkan, "migrate", "--noinput", "-v", "0"], env=env, check=True
        )
        subprocess.run(
            [samverkan, "generate", "--scale", scale, "--seed", "1"],
            env=env,
            check=True,
        )
    return url, str(media)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pick", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="LABEL=DATABASE_URL",
        help="a generated database; repeat for several (small first)",
    )
    parser.add_argument(
        "--scale",
        action="append",
        default=[],
        choices=["small", "region", "national"],
        help="a generated PostgreSQL data set, made when missing; repeat (small first)",
    )
    parser.add_argument("--seconds", type=float, default=5)
    # As many clients as gunicorn workers: latency without waiting in a queue.
    parser.add_argument("--clients", type=int, default=2)
    options = parser.parse_args()
    if options.pick:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(pick_endpoints()))
        return
    data = [item.split("=", 1) for item in options.data]
    data += [[scale, *postgres_data_set(scale)] for scale in options.scale]
    data = data or [["small", small_sqlite()]]
    runs = [
        bench(label, url, media, options.clients, options.seconds)
        for label, url, *media in data
    ]
    report = {"clients": options.clients, "seconds": options.seconds, "runs": runs}
    if len(runs) > 1:
        first, last = runs[0]["endpoints"], runs[-1]["endpoints"]
        report[f"{runs[-1]['data']}/{runs[0]['data']} p50"] = {
            name: round(last[name]["p50_ms"] / first[name]["p50_ms"], 2)
            for name in first
            if first[name].get("p50_ms") and last[name].get("p50_ms")
        }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
