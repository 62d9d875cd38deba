"""Load and fault tests against real application processes.

`make reliability` (benchmarks/reliability.py) and the reduced test in
operations/tests/test_cluster.py both use this: app servers under gunicorn on
one PostgreSQL database and one Redis, a background worker, many clients
reading and writing over HTTP, and faults injected while they run:

- the database goes away (every connection cut, new ones refused) and comes
  back: requests fail with the 503 page for a few seconds, then the processes
  recover by themselves;
- the worker is killed in the middle of a task: started again, it runs the
  task again, and the task completes once;
- uploads larger than the limit or cut off in the middle: a clear error and
  no rows or files left behind.

Afterwards every acknowledged write is looked up, and the registry numbers of
every body and year are checked to be unique and without gaps.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

BIN = Path(sys.executable).parent

# Run inside the installation: small data set and one party contact per user.
SETUP = """
import json, os
from django.core.management import call_command
from samverkan.accounts.models import RoleGrant, User
from samverkan.organisation.models import Body, Party, Structure
if not Structure.objects.exists():
    call_command("generate", scale="small", seed=1, no_progress=True)
structure = Structure.objects.get()
municipalities = list(Party.objects.filter(kind="municipality").order_by("pk"))
region = Party.objects.get(kind="region")
users = []
for index in range(int(os.environ["LOAD_USERS"])):
    name = f"last{index}"
    user, made = User.objects.get_or_create(username=name)
    user.set_password(os.environ["LOAD_PASSWORD"])
    user.save()
    party = region if index % 2 else municipalities[index % len(municipalities)]
    RoleGrant.objects.get_or_create(user=user, role="party_contact",
        structure=structure, party=party)
    users.append({"username": name, "party": party.pk})
print(json.dumps({
    "structure": structure.slug,
    "bodies": list(Body.objects.filter(kind="political").values_list("pk", flat=True)),
    "region": region.pk,
    "municipalities": [m.pk for m in municipalities],
    "users": users,
}))
"""

ENQUEUE = """
from samverkan.operations.tasks import canary
print(canary.enqueue("{token}", {seconds}).id)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Installation:
    """One deployment: a PostgreSQL database, a Redis, a directory for files."""

    database_url: str
    redis_url: str
    var_dir: Path
    max_upload_mb: int = 1
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(40))
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    data: dict | None = None

    @property
    def database_name(self) -> str:
        return self.database_url.rsplit("/", 1)[1]

    @property
    def server_url(self) -> str:
        return self.database_url.rsplit("/", 1)[0] + "/postgres"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "samverkan.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": f"load-{self.database_name}",
            "SAMVERKAN_VAR_DIR": str(self.var_dir),
            "MEDIA_ROOT": str(self.var_dir / "media"),
            "DOCUMENT_MAX_MB": str(self.max_upload_mb),
            "LOG_LEVEL": "ERROR",
            **extra,
        }

    def run(self, *args: str, **extra: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own command
            [str(BIN / "samverkan"), *args],
            env=self.env(**extra),
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
        return done.stdout

    def shell(self, code: str, **extra: str) -> str:
        return self.run("shell", "-c", code, **extra).strip().splitlines()[-1]

    def prepare(self, *, users: int) -> dict:
        """Create the data set and the users; collect the static files (once)."""
        if self.data is None:
            self.run("collectstatic", "--noinput", "-v0")
            output = self.shell(
                SETUP, LOAD_USERS=str(users), LOAD_PASSWORD=self.password
            )
            self.data = json.loads(output)
        return self.data

    def sql(self, statement: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.database_url, connect_timeout=3) as conn:
            return conn.execute(statement, params).fetchall()


class Process:
    """A child process in its own process group, stopped with its children."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log.open("ab")
        self.popen = subprocess.Popen(  # noqa: S603 - our own commands
            args, env=env, stdout=self.log, stderr=self.log, start_new_session=True
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


class AppServer(Process):
    def __init__(
        self, installation: Installation, *, workers: int = 2, **env: str
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [
            str(BIN / "gunicorn"),
            "samverkan.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--timeout",
            "120",
            "--backlog",
            "2048",
            "--graceful-timeout",
            "3",
        ]
        log = installation.var_dir / f"gunicorn-{self.port}.log"
        super().__init__(args, installation.env(**env), log)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/", timeout=5).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the app server on {self.url} did not start")


class Worker(Process):
    def __init__(self, installation: Installation, worker_id: str) -> None:
        args = [str(BIN / "samverkan"), "worker", "--worker-id", worker_id]
        args += ["--interval", "0.2"]
        log = installation.var_dir / f"worker-{worker_id}.log"
        super().__init__(args, installation.env(), log)


class Client:
    """A browser: cookies by hand (they are Secure) and CSRF like a form."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    @property
    def host(self) -> str:
        return self.base.split("//", 1)[1]

    def request(
        self,
        method: str,
        path: str,
        data: dict | None = None,
        files: dict | None = None,
    ) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
            data = {
                **(data or {}),
                "csrfmiddlewaretoken": self.cookies.get("csrftoken"),
            }
        response = self.http.request(
            method,
            self.base + path,
            data=data,
            files=files,
            headers=headers,
            allow_redirects=False,
            timeout=90,
        )
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        self.http.cookies.clear()
        return response

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/konto/logga-in/")
        response = self.request(
            "POST", "/konto/logga-in/", {"username": username, "password": password}
        )
        if response.status_code != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in failed for {username}: {response.status_code}")


@dataclass
class Outcome:
    at: float
    kind: str
    status: int  # 0: no answer (connection refused or cut)
    seconds: float
    server: int


@dataclass
class LoadResult:
    outcomes: list[Outcome] = field(default_factory=list)
    matters: list[int] = field(default_factory=list)
    deviations: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome, matter: int | None, deviation: int | None) -> None:
        with self.lock:
            self.outcomes.append(outcome)
            if matter:
                self.matters.append(matter)
            if deviation:
                self.deviations.append(deviation)


MATTER = re.compile(r"/arenden/(\d+)/registrerat/$")
DEVIATION = re.compile(r"/avvikelser/(\d+)/$")


def _virtual_user(
    number: int,
    servers: list[AppServer],
    data: dict,
    cookies: dict[str, dict[str, str]],
    until: float,
    result: LoadResult,
    write_share: float,
) -> None:
    rng = random.Random(number)  # noqa: S311 - load pattern, not a secret
    user = data["users"][number % len(data["users"])]
    slug = data["structure"]
    server = number % len(servers)
    client = Client(servers[server].url)
    client.cookies = dict(cookies[user["username"]])
    reads = [
        ("structure", f"/samverkan/{slug}/"),
        ("body", f"/samverkan/{slug}/organ/cs/"),
        ("matters", f"/samverkan/{slug}/arenden/"),
        ("registry", f"/samverkan/{slug}/organ/cs/diarium/"),
        ("deviations", f"/samverkan/{slug}/avvikelser/"),
        ("statistics", f"/samverkan/{slug}/avvikelser/statistik/"),
    ]
    while time.monotonic() < until:
        roll = rng.random()
        started = time.monotonic()
        matter = deviation = None
        try:
            if roll < write_share / 2:
                kind = "register-matter"
                response = client.request(
                    "POST",
                    f"/samverkan/{slug}/arenden/nytt/",
                    {
                        "body": rng.choice(data["bodies"]),
                        "title": f"Lastprov {number}",
                        "description": "Ett ärende från lastprovet.",
                        "raised_by": user["party"],
                        "category": "other",
                        "visibility": "internal",
                    },
                )
                found = MATTER.search(response.headers.get("Location", ""))
                matter = int(found.group(1)) if found else None
            elif roll < write_share:
                kind = "report-deviation"
                if user["party"] == data["region"]:
                    concerned = rng.choice(data["municipalities"])
                else:
                    concerned = data["region"]
                response = client.request(
                    "POST",
                    f"/samverkan/{slug}/avvikelser/ny/",
                    {
                        "reporting_party": user["party"],
                        "reporting_unit": "Enhet A",
                        "concerned_party": concerned,
                        "concerned_unit": "Enhet B",
                        "event_date": "2025-05-05",
                        "category": "information",
                        "description": "Planeringen saknades vid hemgång.",
                        "consequence": "minor",
                        "improvement": "",
                    },
                )
                found = DEVIATION.search(response.headers.get("Location", ""))
                deviation = int(found.group(1)) if found else None
            else:
                kind, path = rng.choice(reads)
                response = client.request("GET", path)
            status = response.status_code
        except requests.RequestException:
            status = 0
        result.add(
            Outcome(started, kind, status, time.monotonic() - started, server),
            matter,
            deviation,
        )
        if status == 0 or status >= 500:
            time.sleep(0.5)  # as a person would, before trying again


def run_load(
    *,
    servers: list[AppServer],
    data: dict,
    password: str,
    clients: int,
    seconds: float,
    write_share: float = 0.3,
    on_start: Callable[[], None] | None = None,
) -> LoadResult:
    """Sign every user in once, then run `clients` at once for `seconds`."""
    cookies = {}
    for user in data["users"]:
        client = Client(servers[0].url)
        client.sign_in(user["username"], password)
        cookies[user["username"]] = client.cookies
    result = LoadResult()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_virtual_user,
            args=(n, servers, data, cookies, until, result, write_share),
            daemon=True,
        )
        for n in range(clients)
    ]
    if on_start:
        on_start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    return result


def database_outage(installation: Installation, seconds: float) -> tuple[float, float]:
    """Cut every connection to the database and refuse new ones for `seconds`."""
    name = installation.database_name
    with psycopg.connect(installation.server_url, autocommit=True) as conn:
        started = time.monotonic()
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        time.sleep(seconds)
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        return started, time.monotonic()


def summarise(result: LoadResult, outage: tuple[float, float] | None) -> dict:
    """Figures per kind of request, and the failures in and out of the outage."""
    by_kind: dict[str, dict] = {}
    for kind in sorted({o.kind for o in result.outcomes}):
        times = sorted(o.seconds for o in result.outcomes if o.kind == kind)
        by_kind[kind] = {
            "requests": len(times),
            "median_ms": round(1000 * times[len(times) // 2]),
            "p95_ms": round(1000 * times[min(len(times) - 1, int(len(times) * 0.95))]),
        }
    failures = [o for o in result.outcomes if o.status == 0 or o.status >= 500]
    grace = 10.0  # seconds after the database is back for connections to heal
    inside = [
        o
        for o in failures
        if outage and outage[0] - 1 <= o.at + o.seconds and o.at <= outage[1] + grace
    ]
    outside = [o for o in failures if o not in inside]
    recovered = None
    if outage:
        after = [
            o.at + o.seconds - outage[1]
            for o in result.outcomes
            if o.at >= outage[1] and 0 < o.status < 500
        ]
        recovered = round(min(after), 2) if after else None
    return {
        "requests": len(result.outcomes),
        "statuses": dict(Counter(o.status for o in result.outcomes)),
        "by_kind": by_kind,
        "acknowledged_matters": len(result.matters),
        "acknowledged_deviations": len(result.deviations),
        "failures_during_outage": dict(Counter(o.status for o in inside)),
        "failures_outside_outage": dict(Counter(o.status for o in outside)),
        "first_success_after_outage_s": recovered,
        # From the first failed answer to the last: how long users saw errors.
        "failed_window_s": round(
            max((o.at + o.seconds for o in inside), default=0)
            - min((o.at + o.seconds for o in inside), default=0),
            2,
        ),
    }


def verify(installation: Installation, result: LoadResult) -> dict:
    """Look up every acknowledged write; check registry numbers and stored files."""
    matters = {
        row[0]
        for row in installation.sql(
            "SELECT id FROM matters_matter WHERE id = ANY(%s)", (result.matters,)
        )
    }
    deviations = {
        row[0]
        for row in installation.sql(
            "SELECT id FROM deviations_deviation WHERE id = ANY(%s)",
            (result.deviations,),
        )
    }
    numbers: dict[tuple[int, int], list[int]] = {}
    for body, year, number in installation.sql(
        "SELECT body_id, year, number FROM matters_matter"
    ):
        numbers.setdefault((body, year), []).append(number)
    broken = []
    for body, year, last in installation.sql(
        "SELECT body_id, year, last FROM matters_registrycounter"
    ):
        taken = sorted(numbers.pop((body, year), []))
        if taken != list(range(1, last + 1)):
            broken.append([body, year, len(taken), last])
    broken += [
        [body, year, len(taken), None] for (body, year), taken in numbers.items()
    ]
    media = installation.var_dir / "media"
    stored = {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}
    referenced = {
        row[0] for row in installation.sql("SELECT file FROM documents_documentversion")
    }
    return {
        "missing_matters": sorted(set(result.matters) - matters),
        "missing_deviations": sorted(set(result.deviations) - deviations),
        "matters": installation.sql("SELECT count(*) FROM matters_matter")[0][0],
        "deviations": installation.sql("SELECT count(*) FROM deviations_deviation")[0][
            0
        ],
        "registry_broken": broken,
        "orphan_files": sorted(stored - referenced),
        "missing_files": sorted(referenced - stored),
    }


def kill_worker_mid_task(installation: Installation, worker_id: str) -> dict:
    """Kill the worker while it runs a task; start it again; the task completes once."""
    token = secrets.token_hex(8)
    worker = Worker(installation, worker_id)
    task_id = installation.shell(ENQUEUE.format(token=token, seconds=6))
    status_of = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s"
    attempts_of = (
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE id = %s"
    )
    deadline = time.monotonic() + 120
    while installation.sql(status_of, (task_id,)) != [("RUNNING",)]:
        if time.monotonic() > deadline:
            raise RuntimeError("the worker never started the task")
        time.sleep(0.2)
    worker.kill()
    killed_status = installation.sql(status_of, (task_id,))
    restarted = Worker(installation, worker_id)
    try:
        deadline = time.monotonic() + 120
        while True:
            rows = installation.sql(attempts_of, (task_id,))
            if rows[0][0] in ("SUCCESSFUL", "FAILED") or time.monotonic() > deadline:
                break
            time.sleep(0.3)
    finally:
        restarted.stop()
    marker = installation.var_dir / "canary" / token
    return {
        "status_after_kill": killed_status[0][0],
        "final_status": rows[0][0],
        "attempts": len(rows[0][1]),
        "completions": marker.read_text().count("done") if marker.exists() else 0,
    }


def upload_faults(installation: Installation, server: AppServer, data: dict) -> dict:
    """A file over the limit, and an upload cut off in the middle."""
    before = verify(installation, LoadResult())
    client = Client(server.url)
    user = data["users"][0]
    client.sign_in(user["username"], installation.password)
    path = f"/samverkan/{data['structure']}/arenden/nytt/"
    fields = {
        "body": data["bodies"][0],
        "title": "För stor bilaga",
        "description": "Ett ärende med en för stor bilaga.",
        "raised_by": user["party"],
        "category": "other",
        "visibility": "internal",
    }
    too_large = b"%PDF-1.4\n" + b"0" * (installation.max_upload_mb * 1024 * 1024 + 10)
    response = client.request(
        "POST",
        path,
        fields,
        files={"attachments": ("stor.pdf", too_large, "application/pdf")},
    )
    refused = response.status_code, "MB" in response.text
    # Cut off: promise a body far longer than what is sent, then hang up.
    boundary = "samverkanboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nAvbruten\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="avbruten.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n'
    ).encode() + b"1" * 200_000
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {client.host}\r\nX-Forwarded-Proto: https\r\n"
        f"Origin: https://{client.host}\r\nCookie: {cookies}\r\n"
        f"X-CSRFToken: {client.cookies.get('csrftoken')}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(head) + 5_000_000}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(request + head)
    time.sleep(2)
    after = verify(installation, LoadResult())
    return {
        "too_large_status": refused[0],
        "too_large_message": refused[1],
        "matters_added": after["matters"] - before["matters"],
        "orphan_files": after["orphan_files"],
    }


def judge(report: dict, *, outage_seconds: float) -> list[str]:
    """Return what went wrong, in words; an empty list when everything held."""
    problems = []
    load, found = report["load"], report["verify"]
    if load["failures_outside_outage"]:
        problems.append(
            f"server errors outside the outage: {load['failures_outside_outage']}"
        )
    improper = {s for s in load["failures_during_outage"] if int(s) != 503}
    if improper:
        problems.append(f"failures without the 503 page in the outage: {improper}")
    if load["failed_window_s"] > outage_seconds + 10:
        problems.append(f"requests failed for {load['failed_window_s']} s")
    if outage_seconds and load["first_success_after_outage_s"] is None:
        problems.append("no request succeeded after the outage")
    for key in ("missing_matters", "missing_deviations", "registry_broken"):
        if found[key]:
            problems.append(f"{key}: {found[key][:10]}")
    if found["orphan_files"] or found["missing_files"]:
        problems.append(
            f"files: {found['orphan_files'][:5]} {found['missing_files'][:5]}"
        )
    if not load["acknowledged_matters"] or not load["acknowledged_deviations"]:
        problems.append("no write was acknowledged")
    worker = report.get("worker")
    if worker and not (
        worker["status_after_kill"] == "RUNNING"
        and worker["final_status"] == "SUCCESSFUL"
        and worker["completions"] == 1
    ):
        problems.append(f"worker: {worker}")
    uploads = report.get("uploads")
    if uploads and not (
        uploads["too_large_status"] == 400
        and uploads["too_large_message"]
        and uploads["matters_added"] == 0
        and not uploads["orphan_files"]
    ):
        problems.append(f"uploads: {uploads}")
    return problems


def exercise(
    installation: Installation,
    apps: list[AppServer],
    *,
    clients: int,
    seconds: float,
    outage_seconds: float,
    users: int,
) -> dict:
    """Load the running app servers with an outage in the middle, then the other faults."""
    data = installation.prepare(users=users)
    worker = Worker(installation, "load-worker")
    try:
        for app in apps:
            app.wait_ready()
        outage: list[tuple[float, float]] = []
        timer = threading.Timer(
            seconds / 2,
            lambda: outage.append(database_outage(installation, outage_seconds)),
        )
        started = []

        def start() -> None:
            started.append(time.monotonic())
            if outage_seconds:
                timer.start()

        result = run_load(
            servers=apps,
            data=data,
            password=installation.password,
            clients=clients,
            seconds=seconds,
            on_start=start,
        )
        if outage_seconds:
            timer.join()
        elapsed = time.monotonic() - started[0]
    finally:
        worker.stop()
    report = {
        "servers": len(apps),
        "clients": clients,
        "seconds": round(elapsed, 1),
        "load": summarise(result, outage[0] if outage else None),
        "verify": verify(installation, result),
        "worker": kill_worker_mid_task(installation, "fault-worker"),
        "uploads": upload_faults(installation, apps[0], data),
    }
    report["requests_per_second"] = round(report["load"]["requests"] / elapsed, 1)
    return report
