"""Read a follow-up written the Swedish way: 'Återkoppling till CS i april 2024'."""

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"),
            ("maj",), ("juni", "jun"), ("juli", "jul"), ("augusti", "aug"),
            ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
FOLLOW_UP = re.compile(
    r"återkoppl\w*\s+till\s+(?P<body>[\wÅÄÖåäö][\w\s-]*?)\s+(?:i|under|senast\s+i)\s+"
    r"(?P<month>[a-zåäö]+)\.?\s+(?P<year>\d{4})",
    re.IGNORECASE,
)


def parse_follow_up(text: str) -> tuple[str, dt.date] | None:
    """Return (body name, first day of the month) from a follow-up sentence, or None.

    >>> parse_follow_up("Återkoppling till CS i april 2024.")
    ('CS', datetime.date(2024, 4, 1))
    """
    match = FOLLOW_UP.search(text or "")
    if not match:
        return None
    month = MONTHS.get(match.group("month").lower())
    if month is None:
        return None
    return match.group("body").strip(), dt.date(int(match.group("year")), month, 1)
