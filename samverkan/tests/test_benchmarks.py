"""The benchmarks still run and print their figures as JSON (at a tiny size)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

# The benchmarks make SQLite databases of their own whatever the test run's
# database is; the run on SQLite covers them, the run on PostgreSQL skips them.
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the benchmarks make their own SQLite databases (run on SQLite)",
)


def run_benchmark(name: str, *args: str) -> dict:
    # Each benchmark makes its own SQLite database; never the test run's one.
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_import_benchmark_reports_documents_per_second_for_each_form():
    figures = run_benchmark("import_minutes.py", "--documents", "3")

    assert figures["documents"] == 3
    assert figures["documents_per_second"] > 0
    assert set(figures["seconds_per_document"]) == {"txt", "docx", "pdf"}


def test_the_search_benchmark_reports_latency_for_searches_and_suggestions():
    figures = run_benchmark("search.py", "--matters", "20", "--rounds", "1")

    assert figures["database"] == "sqlite"
    assert figures["entries"] > 20
    for user in ("anonymous", "secretary"):
        for kind in ("search", "search_page_3", "suggest"):
            latency = figures[f"{user}_{kind}_ms"]
            assert 0 < latency["p50"] <= latency["p95"]
            assert latency["n"] > 0


def test_the_http_benchmark_loads_every_endpoint_and_compares_it_to_the_floor():
    figures = run_benchmark("http_load.py", "--seconds", "0.3", "--clients", "1")

    (run,) = figures["runs"]
    assert run["data"] == "small"
    endpoints = run["endpoints"]
    assert set(endpoints) == {
        "floor (static file)",
        "body page",
        "body page, rendered",
        "meeting page",
        "meeting page, rendered",
        "matter list, filtered (signed in)",
        "matter list, filtered (signed in), rendered",
        "deviation statistics",
        "deviation statistics, rendered",
        "search",
        "search, rendered",
        "OParl meeting list",
        "OParl meeting list, rendered",
        "minutes PDF",
        "minutes PDF, rendered",
    }
    for name, measured in endpoints.items():
        assert measured["errors"] == 0, name
        assert measured["requests"] > 0, name
        assert 0 < measured["p50_ms"] <= measured["p95_ms"] <= measured["p99_ms"]
        assert measured["p50_to_floor"] > 0
    assert endpoints["floor (static file)"]["p50_to_floor"] == 1
