"""Time the minutes of a 30-item meeting as PDF and as Word; print JSON.

    .venv/bin/python benchmarks/minutes_export.py [--rounds 5]

Runs against a fresh SQLite database in a temporary folder with the demo
data, so it needs no set-up. The HTML rendering of the same minutes is
timed too, as the baseline the document formats are compared with.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--items", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="samverkan-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["SAMVERKAN_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from samverkan.meetings import minutes, services
    from samverkan.meetings.models import Attendance
    from samverkan.organisation.models import Body

    cs = Body.objects.get(slug="cs")
    meeting = services.create_meeting(
        body=cs, starts_at=timezone.now() + dt.timedelta(days=60), actor=None
    )
    services.attendance_from_composition(meeting=meeting, actor=None)
    notes = (
        "Dokumentet skickades ut med dagordningen.\n\n"
        "- att det tydligt står från när dokumentet gäller\n"
        "- att Region Skåne utser ordförande i varje delregion\n\n"
        "Läs mer: https://v%C3%A5rdsamverkansk%C3%A5ne.se/\n"
    )
    for index in range(args.items):
        item = services.add_item(
            meeting=meeting, title=f"Punkt {index + 1}: rutin för samverkan", actor=None
        )
        item.notes = notes * 2
        item.save(update_fields=["notes"])
        services.record_outcome(
            item=item,
            outcome="approved_with_changes",
            changes="att A\natt B",
            actor=None,
        )
    assert meeting.attendance.filter(status=Attendance.Status.PRESENT).exists()

    def timed(render) -> dict:  # noqa: ANN001
        seconds = []
        size = 0
        for _ in range(args.rounds):
            start = time.perf_counter()
            output = render(minutes.build(meeting))
            seconds.append(time.perf_counter() - start)
            size = len(output)
        return {
            "median_s": round(statistics.median(seconds), 4),
            "max_s": round(max(seconds), 4),
            "bytes": size,
        }

    html = timed(lambda record: minutes.as_html(record).encode())
    pdf = timed(minutes.as_pdf)
    word = timed(minutes.as_docx)
    print(
        json.dumps(
            {
                "items": args.items,
                "rounds": args.rounds,
                "html": html,
                "pdf": pdf,
                "docx": word,
                "pdf_vs_html": round(pdf["median_s"] / html["median_s"], 1),
                "docx_vs_html": round(word["median_s"] / html["median_s"], 1),
                "target_pdf_under_1s": pdf["median_s"] < 1.0,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
