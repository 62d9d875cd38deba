"""Formatted text: the small Markdown dialect of mandates and minutes.

Raw HTML is never let through; links get readable, decoded labels.
"""

import re
from functools import cache
from urllib.parse import unquote, urlsplit

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark", {"html": False, "linkify": True, "typographer": False}
    )
    md.enable(["linkify"])
    md.validateLink = _is_safe_link
    return md


def _is_safe_link(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in {"", "http", "https", "mailto"}


def readable_url(url: str) -> str:
    """Return `url` as a person reads it: percent-encoding decoded.

    >>> readable_url("https://v%C3%A5rdsamverkansk%C3%A5ne.se/")
    'https://vårdsamverkanskåne.se/'
    """
    return unquote(url)


BARE_URL = re.compile(r"(?<![(<])\bhttps?://[^\s<>()\"]+")


def render_markdown(text: str, *, heading_offset: int = 0) -> SafeString:
    """Render formatted text to safe HTML, shifting headings down by `heading_offset`.

    Bare addresses are decoded first, so that one written percent-encoded
    (v%C3%A5rdsamverkansk%C3%A5ne.se) is recognised and shown readably.
    """
    md = _parser()
    text = BARE_URL.sub(lambda match: readable_url(match.group(0)), text or "")
    tokens = md.parse(text)
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and heading_offset:
            level = min(int(token.tag[1]) + heading_offset, 6)
            token.tag = f"h{level}"
        if token.type == "inline" and token.children:
            _decode_link_labels(token.children)
    # Safe: the parser escapes all raw HTML and refuses unsafe link schemes.
    return mark_safe(md.renderer.render(tokens, md.options, {}))  # noqa: S308


def _decode_link_labels(children: list) -> None:
    inside_autolink = False
    for child in children:
        if child.type == "link_open":
            inside_autolink = child.markup in {"linkify", "autolink"}
        elif child.type == "link_close":
            inside_autolink = False
        elif child.type == "text" and inside_autolink:
            child.content = readable_url(child.content)
