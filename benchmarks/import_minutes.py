"""Time the import of minutes (read, match, write); print throughput as JSON.

    .venv/bin/python benchmarks/import_minutes.py [--documents 40]

Runs against a fresh SQLite database in a temporary folder with the demo
organisation. The documents are minutes of our own in the style of the CS
minutes, one per meeting date, as text, Word and PDF in turn; each is read,
planned and imported in its own transaction, as `import-minutes` does.
"""

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="samverkan-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["SAMVERKAN_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from samverkan.importers import services
    from samverkan.importers.tests import samples
    from samverkan.importers.tests.conftest import as_docx, as_pdf
    from samverkan.organisation import demo

    call_command("migrate", verbosity=0)
    demo.load(dt.date.today())
    documents = []
    for n in range(args.documents):
        day = dt.date(2019, 1, 4) + dt.timedelta(weeks=n)
        text = samples.DS_NORDVAST.replace("2024-03-15", day.isoformat())
        kind = ("txt", "docx", "pdf")[n % 3]
        content = {
            "txt": text.encode,
            "docx": lambda t=text: as_docx(t),
            "pdf": lambda t=text: as_pdf(t),
        }[kind]()
        documents.append((f"ds-{day}.{kind}", content))
    timings = {"txt": [], "docx": [], "pdf": []}
    started = time.perf_counter()
    for name, content in documents:
        one = time.perf_counter()
        parsed = services.read_minutes(name, content)
        plan = services.plan_minutes(parsed=parsed, sha256=services.checksum(content))
        services.import_minutes(plan=plan, filename=name, actor=None)
        timings[name.rsplit(".", 1)[1]].append(time.perf_counter() - one)
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "benchmark": "import_minutes",
                "documents": len(documents),
                "seconds": round(elapsed, 3),
                "documents_per_second": round(len(documents) / elapsed, 2),
                "seconds_per_document": {
                    kind: round(sum(t) / len(t), 4) for kind, t in timings.items() if t
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
