"""Time searches and suggestions over a generated corpus; print JSON.

    .venv/bin/python benchmarks/search.py [--matters 5000] [--rounds 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/search.py

Without DATABASE_URL it runs against a fresh SQLite database in a temporary
folder; with one it uses that database (which must be empty: it is migrated
and filled). The corpus is the demo data plus generated matters, meetings
with minutes, and deviations with Swedish text; the searches are made as an
anonymous visitor and as the demo secretary, so permissions are part of the
cost. Prints p50 and p95 in milliseconds per kind of request.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_WORDS = (
    "samverkan kommunikationsplan utskrivning hemsjukvård läkemedelsgenomgång "
    "vårdplanering informationsöverföring kompetensförsörjning primärvård "
    "avvikelse rutin uppföljning indikator avtal delregion kommunerna regionen "
    "patienten sjuksköterska ekonomi konsekvensanalys hjälpmedel rehabilitering "
    "psykiatri barn äldre digitalisering e-hälsa journal samordnad individuell "
    "plan utredning kostnad fördelning ansvar överenskommelse"
)
WORDS = _WORDS.split()
QUERIES = [
    "kommunikationsplanen",
    "utskrivning hemsjukvård",
    "läkemedelsgenomgångar",
    "avvikelse rutin",
    "samordnad individuell plan",
    "indikatorerna",
    "ekonomi",
    "psykiatri barn",
]
PREFIXES = ["kommunik", "utskr", "läkem", "vårdpl", "samord", "indik"]


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def generate(rng: random.Random, matters: int) -> None:
    from samverkan.accounts.models import Visibility
    from samverkan.deviations.models import Deviation
    from samverkan.matters.models import Matter
    from samverkan.meetings.models import AgendaItem, Meeting
    from samverkan.organisation.models import Body, Party

    bodies = list(Body.objects.all())
    parties = list(Party.objects.all())
    structure = bodies[0].structure
    zone = dt.UTC
    for n in range(matters):
        Matter.objects.create(
            body=rng.choice(bodies),
            year=2020 + n % 6,
            number=100_000 + n,
            title=sentence(rng, 5),
            description="\n\n".join(sentence(rng, 25) for _ in range(4)),
            raised_by=rng.choice(parties),
            category=Matter.Category.OTHER,
            visibility=rng.choice(Visibility.values),
        )
    for n in range(matters // 10):
        meeting = Meeting.objects.create(
            body=rng.choice(bodies),
            starts_at=dt.datetime(2020, 1, 1, 9, tzinfo=zone) + dt.timedelta(days=n),
            status=rng.choice(Meeting.Status.values),
            visibility=rng.choice(Visibility.values),
        )
        for position in range(8):
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                title=sentence(rng, 4),
                description=sentence(rng, 20),
                notes="\n\n".join(sentence(rng, 30) for _ in range(3)),
            )
    for n in range(matters // 5):
        reporting, concerned = rng.sample(parties, 2)
        Deviation.objects.create(
            structure=structure,
            reporting_party=reporting,
            reporting_unit="Enhet",
            concerned_party=concerned,
            event_date=dt.date(2024, 1, 1) + dt.timedelta(days=n % 365),
            category=Deviation.Category.OTHER,
            description=sentence(rng, 40),
            consequence=Deviation.Consequence.NONE,
            answer_due=dt.date(2025, 1, 1),
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(function, rounds: int) -> list[float]:  # noqa: ANN001
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--matters", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="samverkan-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["SAMVERKAN_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault(
        "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
    )
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault(
        "EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend"
    )
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection, transaction

    from samverkan.accounts.models import User
    from samverkan.search.models import SearchEntry
    from samverkan.search.services import search, suggest

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    start = time.perf_counter()
    with transaction.atomic():
        generate(random.Random(8), args.matters)
    indexing_seconds = time.perf_counter() - start
    users = {
        "anonymous": AnonymousUser(),
        "secretary": User.objects.get(username="sekreterare"),
    }
    results = {
        "database": connection.vendor,
        "entries": SearchEntry.objects.count(),
        "indexing_seconds": round(indexing_seconds, 1),
    }
    for name, user in users.items():
        searches, pages, suggestions = [], [], []
        for query in QUERIES:
            searches += timed(lambda q=query, u=user: search(u, q), args.rounds)
            pages += timed(lambda q=query, u=user: search(u, q, page=3), args.rounds)
        for prefix in PREFIXES:
            suggestions += timed(lambda p=prefix, u=user: suggest(u, p), args.rounds)
        for label, samples in (
            ("search", searches),
            ("search_page_3", pages),
            ("suggest", suggestions),
        ):
            results[f"{name}_{label}_ms"] = {
                "p50": round(statistics.median(samples), 1),
                "p95": round(percentile(samples, 0.95), 1),
                "n": len(samples),
            }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
