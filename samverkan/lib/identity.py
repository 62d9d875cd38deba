"""Find Swedish personal identity and coordination numbers in text.

Reports between the parties must never carry a patient's identity. This
finds personnummer and samordningsnummer in their common written forms —
10 or 12 digits, with or without "-" or "+" before the last four — and
checks date and check digit, so dates, registry numbers and phone numbers
written the usual ways do not trigger it.
"""

import datetime as dt
import re
from dataclasses import dataclass

CANDIDATE = re.compile(
    r"(?<![\d+])"
    r"(?P<century>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+]?)"
    r"(?P<serial>\d{3})(?P<check>\d)"
    r"(?!\d)"
)
# A bare ten-digit number right after one of these words is a phone number.
PHONE_CONTEXT = re.compile(
    r"(?:tel|telefon|telefonnummer|mobil|mobilnummer|mobiltelefon|ring|sms|nr|växel)"
    r"\.?\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class IdentityHit:
    line: int
    column: int
    masked: str


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_date(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:  # samordningsnummer: the day plus 60
        day -= 60
    centuries = [int(century)] if century else [19, 20]
    if century and century not in {"18", "19", "20"}:
        return False
    for hundred in centuries:
        try:
            dt.date(hundred * 100 + int(yy), int(mm), day)
        except ValueError:
            continue
        return True
    return False


def find_identity_numbers(text: str) -> list[IdentityHit]:
    """Return every personnummer or samordningsnummer in `text`, masked."""
    hits = []
    for match in CANDIDATE.finditer(text or ""):
        parts = match.groupdict()
        ten = "".join(parts[k] for k in ("yy", "mm", "dd", "serial", "check"))
        if not (
            _valid_date(parts["century"], parts["yy"], parts["mm"], parts["dd"])
            and luhn_valid(ten)
        ):
            continue
        if not parts["sep"] and not parts["century"] and _looks_like_phone(text, match):
            continue
        before = text[: match.start()]
        line = before.count("\n") + 1
        column = match.start() - (before.rfind("\n") + 1) + 1
        shown = match.group(0)
        hits.append(IdentityHit(line=line, column=column, masked=shown[:-4] + "****"))
    return hits


def _looks_like_phone(text: str, match: re.Match) -> bool:
    if not match.group(0).startswith("0"):
        return False
    return bool(PHONE_CONTEXT.search(text[max(0, match.start() - 20) : match.start()]))
