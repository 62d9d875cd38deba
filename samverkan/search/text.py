"""Swedish text for the index: folding, words, stems, highlighted snippets.

Both backends index and query the same folded words, so they find the same
records: lower case, accents removed (é → e, ü → u) but å, ä and ö kept, as
they are letters of their own in Swedish; words are runs of letters and
digits. The stop words and the stemmer are PostgreSQL's `swedish`
configuration's (Snowball); SQLite gets them from this module.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+")
# Letters that are letters of their own in Swedish; Danish and Norwegian ones
# are read as their Swedish twins.
KEEP = {"å": "å", "ä": "ä", "ö": "ö", "æ": "ä", "ø": "ö"}
# PostgreSQL's tsearch_data/swedish.stop (the Snowball list).
_STOP = """och det att i en jag hon som han på den med var sig för så till är men
    ett om hade de av icke mig du henne då sin nu har inte hans honom skulle
    hennes där min man ej vid kunde något från ut när efter upp vi dem vara vad
    över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju
    denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa
    några deras blir mina samma vilken er sådan vår blivit dess inom mellan
    sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt
    våra ert era vilkas"""
STOP_WORDS = frozenset(_STOP.split())
MAX_QUERY_WORDS = 12
SNIPPET_SOURCE = 50_000
SNIPPET_REACH = 200

_stemmer = snowballstemmer.stemmer("swedish")


def _fold_char(char: str) -> str:
    if char in KEEP:
        return KEEP[char]
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _FoldTable(dict):
    """`str.translate` table: each character folded once, then looked up."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_FOLDABLE = re.compile("[^\x00-\x7fåäö]")


def fold(text: str) -> str:
    """Return `text` in lower case without accents, keeping å, ä and ö."""
    text = text.lower()
    if not _FOLDABLE.search(text):
        return text  # Swedish text mostly: nothing to fold.
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)


@functools.lru_cache(maxsize=50_000)
def fold_word(word: str) -> str:
    """Return `fold(word)`, remembered: texts repeat their words."""
    return fold(word)


def words(text: str) -> list[str]:
    """Return the folded words of `text` that are not stop words."""
    return [word for word in WORD.findall(fold(text)) if word not in STOP_WORDS]


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Return the Snowball Swedish stem of a folded word."""
    return _stemmer.stemWord(word)


def terms(text: str) -> str:
    """Return the folded words of `text` as one string, as the index holds them."""
    return " ".join(words(text))


def stems(text: str) -> str:
    """Return the stems of `text` as one string (SQLite's index)."""
    return " ".join(stem(word) for word in words(text))


@dataclass(frozen=True)
class Query:
    """A parsed query: its folded words, the last one a prefix when suggesting."""

    words: tuple[str, ...]
    prefix: bool = False

    @classmethod
    def parse(cls, text: str, *, prefix: bool = False) -> Query:
        return cls(tuple(words(text)[:MAX_QUERY_WORDS]), prefix)

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(word) for word in self.words)

    def matches(self, folded_word: str) -> bool:
        """Return whether a folded word of a text is one the query looks for."""
        word_stem = stem(folded_word)
        if word_stem in self.stems:
            return True
        if self.prefix:
            last = self.words[-1]
            return folded_word.startswith(last) or word_stem.startswith(stem(last))
        return False


def highlight(text: str, query: Query) -> SafeString:
    """Return `text` escaped, with the words the query looks for in <mark>."""
    return _marked(text, query, 0, len(text))


def snippet(text: str, query: Query, *, width: int = 28) -> SafeString:
    """Return the passage of `text` with the most hits, at most `width` words.

    The text is read up to SNIPPET_SOURCE characters, and only the hits
    within SNIPPET_REACH words of the first one are weighed, so a long
    document costs no more than a page.
    """
    spans, hits = [], []
    for index, match in enumerate(WORD.finditer(text, 0, SNIPPET_SOURCE)):
        spans.append(match.span())
        if query.matches(fold_word(match.group())):
            hits.append(index)
        if (hits and index > hits[0] + SNIPPET_REACH) or (
            not hits and index >= width and not query
        ):
            break
    if not spans:
        return mark_safe("")  # noqa: S308 - empty
    first = 0
    if hits:
        # The window (of `width` words) that starts a few words before a hit
        # and holds the most hits.
        best = max(hits, key=lambda h: sum(1 for o in hits if h <= o < h + width - 4))
        first = max(0, best - 4)
    last = min(len(spans), first + width) - 1
    start, end = spans[first][0], spans[last][1]
    if first == 0:
        start = 0
    if last == len(spans) - 1 and end >= len(text.rstrip()):
        end = len(text)
    passage = _marked(text, query, start, end)
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return mark_safe(f"{before}{passage}{after}")  # noqa: S308 - escaped in _marked


def _marked(text: str, query: Query, start: int, end: int) -> SafeString:
    parts, position = [], start
    for match in WORD.finditer(text, start, end):
        if query.matches(fold_word(match.group())):
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:end]))
    return mark_safe(" ".join("".join(parts).split()))  # noqa: S308 - escaped above
