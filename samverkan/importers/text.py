"""Text as it comes out of PDF and Word files: lines, names and links.

Pure functions shared by the minutes and composition readers.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from samverkan.documents.files import extract_text, identify
from samverkan.lib.errors import DomainError
from samverkan.lib.text import readable_url

URL = re.compile(r"https?://\S+")
URL_TOKEN = re.compile(r"^[A-Za-z0-9\-._~%/?#=&+:@!$'*,;]+$")
BULLET = re.compile(r"^[-•–*·▪◦]\s*")
# "Sida 2 av 5", "2 (5)", "2/5", "- 2 -" or a bare page number: page furniture.
PAGE_NUMBER = re.compile(
    r"^(?:sida\s+)?[-–]?\s*\d{1,3}\s*[-–]?\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3}|/\s*\d{1,3})?$",
    re.IGNORECASE,
)
ROLE_WORDS = {
    "ordförande": "chair",
    "ordf": "chair",
    "ordf.": "chair",
    "vice ordförande": "vice_chair",
    "vice ordf": "vice_chair",
    "vice ordf.": "vice_chair",
    "ledamot": "member",
    "ersättare": "substitute",
    "adjungerad": "guest",
    "gäst": "guest",
}
PARTICLES = {"van", "von", "af", "de", "der", "den", "la", "du", "da", "di", "el"}
NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÈÜÆØ][\wÅÄÖåäöéèüæø'’.-]*$")


class UnreadableFile(DomainError):
    """A file whose text cannot be read at all."""

    code = "unreadable_file"


def read_text(filename: str, content: bytes) -> str:
    """Return the text of a .txt, .pdf or .docx file, or raise UnreadableFile.

    PDF and Word files are read by the documents app, as every upload is.
    """
    if filename.lower().endswith((".txt", ".text", ".md")):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise UnreadableFile(
            _("Filen %(name)s är inte text i UTF-8.") % {"name": filename}
        )
    try:
        kind = identify(filename, content)
    except DomainError as error:
        raise UnreadableFile(error.message) from error
    if kind not in ("pdf", "docx"):
        raise UnreadableFile(
            _("Filen %(name)s är varken text, PDF eller Word (DOCX).")
            % {"name": filename}
        )
    try:
        return extract_text(kind, content)
    except Exception as error:  # noqa: BLE001 - any damage means: cannot be read
        raise UnreadableFile(
            _("Filen %(name)s kan inte läsas: %(error)s")
            % {"name": filename, "error": error.__class__.__name__}
        ) from error


def clean_lines(text: str) -> list[str | None]:
    """Return the lines of `text` tidied, None for a blank line.

    Non-breaking spaces and runs of spaces become one space; page numbers
    and form feeds (page-break artefacts) are dropped; addresses broken over
    two lines are joined.
    """
    lines: list[str | None] = []
    for raw in text.replace("\f", "\n").replace("\r\n", "\n").split("\n"):
        line = re.sub(r"[ \t\u00a0\u2007\u202f]+", " ", raw).strip()
        line = line.replace("\u00ad", "")  # soft hyphen
        if not line:
            if lines and lines[-1] is not None:
                lines.append(None)
            continue
        if PAGE_NUMBER.match(line):
            continue
        lines.append(line)
    return join_broken_urls(lines)


def join_broken_urls(lines: list[str | None]) -> list[str | None]:
    """Join an address that the page width broke over two lines."""
    result: list[str | None] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        while line is not None and index + 1 < len(lines):
            follower = lines[index + 1]
            if follower is None or not _continues_url(line, follower):
                break
            token, _space, rest = follower.partition(" ")
            line = line + token
            index += 1
            if rest:
                result.append(line)
                line = rest
                break
        result.append(line)
        index += 1
    return result


def _continues_url(line: str, follower: str) -> bool:
    words = line.split(" ")
    if not URL.match(words[-1]):
        return False
    url = words[-1]
    token = follower.split(" ", 1)[0]
    if not URL_TOKEN.match(token) or URL.match(token):
        return False
    if url.endswith(("-", "_", "=", "&", "?", "%", "+", "~")):
        return True
    return ("/" in token or "%" in token) and not token[0].isupper()


def is_url(line: str | None) -> bool:
    return bool(line) and bool(URL.fullmatch(line))


def urls_in(text: str) -> list[str]:
    """Return the readable (decoded) addresses in `text`, each once, in order."""
    seen: list[str] = []
    for match in URL.finditer(text):
        url = readable_url(match.group(0).rstrip('.,;:)”"'))
        if url not in seen:
            seen.append(url)
    return seen


def readable_urls(text: str) -> str:
    """Return `text` with every address decoded (percent-encoding, punycode)."""
    return URL.sub(lambda m: readable_url(m.group(0)), text)


def looks_like_name(text: str) -> bool:
    """Return whether `text` reads as a person's name: 2–5 capitalised words."""
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    capitalised = [w for w in words if NAME_WORD.match(w)]
    others = [w for w in words if not NAME_WORD.match(w)]
    return len(capitalised) >= 2 and all(w.lower() in PARTICLES for w in others)


def split_top_level(text: str, separators: str = ",") -> list[str]:
    """Split `text` on commas (and " och ") that are not inside parentheses."""
    parts, depth, current = [], 0, []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if depth == 0 and char in separators:
            parts.append("".join(current))
            current = []
        elif depth == 0 and text.startswith(" och ", index):
            parts.append("".join(current))
            current = []
            index += 4
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def role_of(word: str) -> str | None:
    """Return the attendance role a word such as "ordförande" names, or None."""
    word = word.strip().lower()
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    if word.startswith("ersättare"):
        return "substitute"
    return None


def split_name(name: str) -> tuple[str, str]:
    """Return (first name, last name): the first word, then the rest."""
    first, _space, last = name.strip().partition(" ")
    return first, last
