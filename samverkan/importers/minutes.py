"""Read minutes written the way CS writes them ("Minnesanteckningar möte i …").

`parse_minutes(text)` is a pure function: it reads the header (body and
date), the participants per side with their marks, officials, apologies,
the secretary, and the agenda items with presenters, text, outcome, changes,
follow-ups and links. It returns a `ParsedMinutes` that serialises to the
JSON of `samverkan import-minutes --dry-run --json`. Nothing here touches
the database; services.py writes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from samverkan.meetings.followups import MONTHS, parse_follow_up

from .text import (
    BULLET,
    URL,
    clean_lines,
    is_url,
    looks_like_name,
    readable_urls,
    role_of,
    split_top_level,
    urls_in,
)


@dataclass
class Attendee:
    name: str
    side: str = ""
    municipality: str = ""
    role: str = "member"


@dataclass
class FollowUpNote:
    text: str
    target_body: str
    target_month: str  # "2024-04"


@dataclass
class Item:
    title: str
    presenters: list[str] = field(default_factory=list)
    text: str = ""
    outcome: str = ""
    outcome_text: str = ""
    changes: list[str] = field(default_factory=list)
    follow_ups: list[FollowUpNote] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass
class ParsedMinutes:
    body: str = ""
    date: dt.date | None = None
    time: str = ""
    participants: list[Attendee] = field(default_factory=list)
    officials: list[Attendee] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    secretary: str = ""
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the result as JSON-ready data (dates in ISO form)."""
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    def dry_run(self) -> dict:
        """Return the JSON of `import-minutes --dry-run --json`: the documented keys.

        Lines that were not understood are told among the warnings.
        """
        people = ("name", "side", "municipality", "role")
        told = " ".join(self.warnings)
        return {
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "participants": [
                {k: getattr(a, k) for k in people} for a in self.participants
            ],
            "officials": [{k: getattr(a, k) for k in people} for a in self.officials],
            "absent": list(self.absent),
            "secretary": self.secretary,
            "items": [
                {
                    "title": item.title,
                    "presenters": list(item.presenters),
                    "text": item.text,
                    "outcome": item.outcome,
                    "changes": list(item.changes),
                    "follow_ups": [asdict(f) for f in item.follow_ups],
                    "links": list(item.links),
                }
                for item in self.items
            ],
            "warnings": [
                *self.warnings,
                *(
                    _("Inte förstått: %(text)s") % {"text": line}
                    for line in self.unrecognised
                    if line not in told
                ),
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ParsedMinutes:
        items = [
            Item(
                **{
                    **item,
                    "follow_ups": [FollowUpNote(**f) for f in item["follow_ups"]],
                }
            )
            for item in data.get("items", [])
        ]
        return cls(
            body=data.get("body", ""),
            date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
            time=data.get("time", ""),
            participants=[Attendee(**a) for a in data.get("participants", [])],
            officials=[Attendee(**a) for a in data.get("officials", [])],
            absent=list(data.get("absent", [])),
            secretary=data.get("secretary", ""),
            items=items,
            warnings=list(data.get("warnings", [])),
            recognised=list(data.get("recognised", [])),
            unrecognised=list(data.get("unrecognised", [])),
        )

    @property
    def problems(self) -> list[str]:
        """What keeps the minutes from being imported at all."""
        found = []
        if not self.body:
            found.append(_("Organets namn hittades inte i rubriken."))
        if self.date is None:
            found.append(_("Mötets datum hittades inte i rubriken."))
        if not self.participants and not self.items:
            found.append(_("Varken deltagare eller punkter på dagordningen hittades."))
        return found

    def names(self) -> list[str]:
        """Every person named in the minutes, each once, in order of appearance."""
        seen: list[str] = []
        for name in [
            *(a.name for a in self.participants),
            *(a.name for a in self.officials),
            *self.absent,
            *([self.secretary] if self.secretary else []),
            *(p for item in self.items for p in item.presenters),
        ]:
            if name not in seen:
                seen.append(name)
        return seen


# Section headings, matched against a whole line (a colon may follow).
SECTIONS = [
    ("participants", re.compile(r"^(?:deltagare|närvarande(?: ledamöter)?)$", re.I)),
    (
        "officials",
        re.compile(
            r"^(?:tjänste(?:personer|män|mannaberedning)|övriga närvarande)"
            r"(?:\s+(?:för|från)\s+(?P<who>.+))?$",
            re.I,
        ),
    ),
    ("side", re.compile(r"^(?:ledamöter\s+)?för\s+(?P<who>[^,]{3,40})$", re.I)),
    (
        "absent",
        re.compile(r"^(?:förhinder|anmält förhinder|frånvarande|ej närvarande)$", re.I),
    ),
    ("secretary", re.compile(r"^(?:sekreterare|mötessekreterare)$", re.I)),
    ("agenda", re.compile(r"^(?:dagordning|dagordning och anteckningar)$", re.I)),
]
HEADER_WORDS = re.compile(
    r"^(?:minnesanteckningar|anteckningar|protokoll)\s*(?:fört\s+)?"
    r"(?:(?:från|vid)\s+)?(?:(?:möte|mötet|sammanträde|sammanträdet)\s+)?"
    r"(?:(?:i|med|för)\s+)?",
    re.I,
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WORD_DATE = re.compile(r"\b(\d{1,2})\s+([a-zåäö]+)\s+(\d{4})\b", re.I)
TIME = re.compile(r"\bkl(?:ockan|\.)?\s*(\d{1,2})[.:](\d{2})", re.I)
NUMBERED = re.compile(r"^(?:§\s*\d+|\d{1,2}[.)]?)\s+(?=[A-ZÅÄÖ])")
PRESENTER_PREFIX = re.compile(
    r"^(?:föredragande|presentatör(?:er)?|ansvarig|dragande)\s*:\s*", re.I
)
SENTENCE_END = (".", "!", "?", ";", ":")
# A line ending in one of these continues on the next: it is no heading.
FUNCTION_WORDS = {
    "av", "och", "i", "för", "med", "till", "om", "på", "från", "att", "som",
    "en", "ett", "den", "det", "de", "är", "vid", "under", "mellan", "samt",
    "eller", "inom", "kring", "efter", "inför", "mot", "hos", "utan",
}  # fmt: skip
OUTCOMES = [
    (
        "approved_with_changes",
        re.compile(
            r"\bgodkänn(?:s|er|des)\b.*\bmed\b.*(?:förändring|ändring|justering)",
            re.I,
        ),
    ),
    ("sent_back", re.compile(r"\båterremitter", re.I)),
    ("postponed", re.compile(r"\bbordl[äa]gg", re.I)),
    ("approved", re.compile(r"\bgodkänn(?:s|er|des)\b", re.I)),
    ("recommendation", re.compile(r"\brekommender(?:ar|as|ades)\b", re.I)),
    (
        "noted",
        re.compile(r"\b(?:noteras|noterades|läggs till handlingarna)\b", re.I),
    ),
]


def parse_minutes(
    text: str, *, municipalities: Iterable[str] = (), body_names: Iterable[str] = ()
) -> ParsedMinutes:
    """Read minutes from plain text; return what was recognised and what was not.

    `municipalities` (names of known municipalities) helps to read
    "Anders Rubin, Malmö (ordförande)"; without it a single word after a name
    is taken as the municipality.
    """
    result = ParsedMinutes()
    known = {m.lower() for m in municipalities}
    lines = clean_lines(text)
    sections = _split_sections(lines, result)
    _read_header(sections.get("header", []), result, body_names)
    for key, side, content in sections["blocks"]:
        if key == "participants":
            result.participants += _attendees(content, side, known, result)
        elif key == "officials":
            result.officials += [
                Attendee(a.name, side, a.municipality, "official")
                for a in _attendees(content, side, known, result)
            ]
        elif key == "absent":
            result.absent += [a.name for a in _attendees(content, "", known, result)]
        elif key == "secretary":
            names = _attendees(content, "", known, result)
            if names:
                result.secretary = names[0].name
    if "agenda" in sections:
        result.items = _read_agenda(sections["agenda"], result)
    else:
        result.warnings.append(_("Rubriken ”Dagordning” saknas; inga punkter lästes."))
    for problem in result.problems:
        result.warnings.append(problem)
    return result


def _heading(line: str) -> tuple[str, str, str] | None:
    """Return (section, who, inline text) when `line` is a section heading."""
    head, colon, rest = line.partition(":")
    candidates = [(line.rstrip(":"), "")]
    if colon and rest.strip():
        candidates.append((head, rest.strip()))
    for candidate, inline in candidates:
        for key, pattern in SECTIONS:
            match = pattern.match(candidate.strip())
            if match:
                who = match.groupdict().get("who") or ""
                return key, who.strip(), inline
    return None


def _side(who: str) -> str:
    who = who.lower()
    if "kommun" in who:
        return "municipalities"
    if "region" in who or "landsting" in who:
        return "region"
    return ""


def _split_sections(lines: list[str | None], result: ParsedMinutes) -> dict:
    sections: dict = {"header": [], "blocks": []}
    current: list[str] | None = sections["header"]
    side = ""
    in_participants = False
    for index, line in enumerate(lines):
        if line is None:
            if "agenda" in sections:
                sections["agenda"].append(None)
            continue
        found = None if "agenda" in sections else _heading(line)
        if found is None:
            if "agenda" in sections:
                sections["agenda"].append(line)
            elif current is not None:
                current.append(line)
            else:
                result.unrecognised.append(line)
            continue
        key, who, inline = found
        result.recognised.append(line.rstrip(":"))
        if key == "agenda":
            sections["agenda"] = list(lines[index + 1 :])
            break
        if key == "participants":
            in_participants, current = True, None
            continue
        if key == "side":
            if not in_participants:
                result.unrecognised.append(line)
                current = None
                continue
            side = _side(who)
            if not side:
                result.warnings.append(
                    _("Okänd part i rubriken ”%(line)s”.") % {"line": line}
                )
            key = "participants"
        elif key == "officials":
            side = _side(who)
            in_participants = False
        else:
            in_participants = False
            side = ""
        current = []
        sections["blocks"].append((key, side, current))
        if inline:
            current.append(inline)
    return sections


def _read_header(
    lines: list[str], result: ParsedMinutes, body_names: Iterable[str]
) -> None:
    header = " ".join(lines)
    match = ISO_DATE.search(header)
    if match:
        try:
            result.date = dt.date(*map(int, match.groups()))
        except ValueError:
            result.warnings.append(
                _("Datumet %(date)s finns inte.") % {"date": match.group(0)}
            )
    else:
        match = WORD_DATE.search(header)
        month = MONTHS.get(match.group(2).lower()) if match else None
        if match and month:
            result.date = dt.date(int(match.group(3)), month, int(match.group(1)))
    time = TIME.search(header)
    if time:
        result.time = f"{int(time.group(1)):02d}:{time.group(2)}"
    title = header[: match.start()] if match else header
    title = HEADER_WORDS.sub("", title.strip()).strip(" ,;:–-")
    title = re.sub(r"\s+den$", "", title).strip(" ,;:–-")
    for name in body_names:
        if name and name.lower() in header.lower() and len(name) > len(title):
            title = name
    result.body = title


def _attendees(
    lines: list[str], side: str, known: set[str], result: ParsedMinutes
) -> list[Attendee]:
    """Read "Anna Mannfalk (ordförande), Anders Rubin, Malmö (ordförande), …"."""
    text = " ".join(lines).strip().rstrip(".")
    people: list[Attendee] = []
    for part in split_top_level(text):
        marks = re.findall(r"\(([^)]*)\)", part)
        name = re.sub(r"\([^)]*\)", "", part).strip(" .")
        municipality, role = "", None
        for mark in marks:
            for word in (w.strip() for w in mark.split(",")):
                if role_of(word):
                    role = role_of(word)
                elif word:
                    municipality = word
        attach = (
            people
            and not people[-1].municipality
            and (
                name.lower() in known or (len(name.split()) == 1 and name[:1].isupper())
            )
        )
        if attach:
            people[-1].municipality = name
            if role:
                people[-1].role = role
            continue
        if role_of(name) and people:
            people[-1].role = role_of(name) or people[-1].role
            continue
        if not looks_like_name(name):
            result.unrecognised.append(part)
            result.warnings.append(
                _("”%(text)s” läses inte som ett namn.") % {"text": part}
            )
            continue
        people.append(Attendee(name, side, municipality, role or "member"))
    return people


# The agenda ----------------------------------------------------------------


def _is_bullet(line: str | None) -> bool:
    return bool(line) and bool(BULLET.match(line)) and not line.startswith("--")


def _heading_like(line: str | None, *, first: bool = True) -> bool:
    if not line or _is_bullet(line) or URL.search(line) or len(line) > 100:
        return False
    if line.endswith(SENTENCE_END) or line.endswith(","):
        return False
    if first:
        return line[0].isupper() or bool(NUMBERED.match(line))
    return True


def presenters_of(line: str | None) -> list[str] | None:
    """Return the names on a presenters line ("Johan Cosmo, Sara Österberg")."""
    if not line or line.endswith("."):
        return None
    line = PRESENTER_PREFIX.sub("", line)
    parts = [re.sub(r"\([^)]*\)", "", p).strip() for p in split_top_level(line)]
    if parts and all(looks_like_name(p) for p in parts):
        return parts
    return None


def _block_start(lines: list[str | None], index: int, start: int) -> bool:
    if index == start:
        return True
    previous = lines[index - 1]
    return (
        previous is None
        or previous.endswith(SENTENCE_END)
        or bool(URL.match(previous.split(" ")[-1]))
    )


def _title_with_presenters(
    lines: list[str | None], index: int
) -> tuple[str, list[str], int] | None:
    for size in (1, 2, 3):
        title_lines = lines[index : index + size]
        if len(title_lines) < size or not all(
            _heading_like(line, first=n == 0) for n, line in enumerate(title_lines)
        ):
            return None
        if size > 1 and presenters_of(title_lines[-1]) is not None:
            return None
        if index + size < len(lines):
            names = presenters_of(lines[index + size])
            if names and presenters_of(title_lines[0]) is None:
                return " ".join(title_lines), names, index + size + 1
    return None


def _title_alone(lines: list[str | None], index: int) -> bool:
    line = lines[index]
    if not _heading_like(line) or len(line) > 80:
        return False
    if line.split()[-1].lower() in FUNCTION_WORDS:
        return False
    if NUMBERED.match(line):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None and index + 2 < len(lines):
        following = lines[index + 2]
        return following is not None and not _is_bullet(following)
    return (
        following is not None
        and not _is_bullet(following)
        and not is_url(following)
        and following[0].isupper()
    )


def _read_agenda(lines: list[str | None], result: ParsedMinutes) -> list[Item]:
    lines = list(lines)
    trailing: list[str] = []
    while lines and (lines[-1] is None or is_url(lines[-1])):
        line = lines.pop()
        if line is not None:
            trailing.insert(0, line)
    while lines and lines[0] is None:
        lines.pop(0)
    items: list[Item] = []
    bodies: list[list[str | None]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line is not None and _block_start(lines, index, 0):
            found = _title_with_presenters(lines, index)
            if found:
                title, names, index = found
                items.append(Item(title=_title(title), presenters=names))
                bodies.append([])
                continue
            if _title_alone(lines, index):
                items.append(Item(title=_title(line)))
                bodies.append([])
                index += 1
                continue
        if bodies:
            bodies[-1].append(line)
        elif line is not None:
            result.unrecognised.append(line)
        index += 1
    for item, body in zip(items, bodies, strict=True):
        _fill_item(item, _paragraphs(body))
    known = {link for item in items for link in item.links}
    for link in urls_in(" ".join(trailing)):
        if link not in known and items:
            items[-1].links.append(link)
            result.warnings.append(
                _(
                    "Länken %(link)s stod sist i dokumentet och fördes till sista punkten."
                )
                % {"link": link}
            )
    if not items:
        result.warnings.append(_("Inga punkter hittades under ”Dagordning”."))
    return items


def _title(line: str) -> str:
    return NUMBERED.sub("", line).strip()


def _paragraphs(lines: list[str | None]) -> list[list[str]]:
    """Group lines into paragraphs; a bullet is a paragraph of its own.

    A line after a blank that starts in lower case (or with a number), or
    that follows a line without a full stop, continues the paragraph: the
    blank was a page break.
    """
    paragraphs: list[list[str]] = []
    gap = False
    for line in lines:
        if line is None:
            gap = True
            continue
        previous = paragraphs[-1][-1] if paragraphs else ""
        continues = (
            paragraphs
            and not _is_bullet(line)
            and (
                line[0].islower()
                or (line[0].isdigit() and not NUMBERED.match(line))
                or (
                    gap
                    and previous
                    and not previous.endswith(SENTENCE_END)
                    and line[0].islower()
                )
            )
        )
        starts_new = (
            not paragraphs
            or _is_bullet(line)
            or (gap and not continues)
            or (previous.endswith((".", "!", "?", ":")) and line[0].isupper())
            or (is_url(line) and previous.endswith(SENTENCE_END))
        )
        if continues or not starts_new:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        gap = False
    return paragraphs


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+(?=[A-ZÅÄÖ”\"]|https?://)", text) if s]


def _fill_item(item: Item, paragraphs: list[list[str]]) -> None:
    texts = [" ".join(p) for p in paragraphs]
    kept: list[str] = []
    index = 0
    while index < len(texts):
        text = texts[index]
        if _is_bullet(text):
            kept.append("- " + BULLET.sub("", text))
            index += 1
            continue
        sentences = []
        for sentence in _sentences(text):
            follow_up = parse_follow_up(sentence)
            if follow_up:
                body, month = follow_up
                item.follow_ups.append(
                    FollowUpNote(sentence.strip(), body, month.strftime("%Y-%m"))
                )
                continue
            if not item.outcome:
                outcome = next((k for k, p in OUTCOMES if p.search(sentence)), "")
                if outcome:
                    item.outcome = outcome
                    item.outcome_text = sentence.strip().rstrip(";:")
                    if outcome == "approved_with_changes":
                        while index + 1 < len(texts) and _is_bullet(texts[index + 1]):
                            index += 1
                            item.changes.append(BULLET.sub("", texts[index]).strip())
                    continue
            sentences.append(sentence)
        if sentences:
            kept.append(" ".join(sentences))
        index += 1
    item.text = readable_urls(_join_markdown(kept))
    item.links = urls_in(" ".join([*texts]))


def _join_markdown(paragraphs: list[str]) -> str:
    """Join paragraphs with blank lines and list entries with single newlines."""
    out = ""
    for n, paragraph in enumerate(paragraphs):
        if n:
            both_bullets = paragraph.startswith("- ") and paragraphs[n - 1].startswith(
                "- "
            )
            out += "\n" if both_bullets else "\n\n"
        out += paragraph
    return out
