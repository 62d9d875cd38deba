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
    >>> readable_url("https://xn--vrdsamverkanskne-dobn.se/")
    'https://vårdsamverkanskåne.se/'
    """
    text = unquote(url)
    parts = urlsplit(text)
    if "xn--" in parts.netloc:
        try:
            host = parts.netloc.encode("ascii").decode("idna")
        except (UnicodeError, ValueError):
            return text
        return parts._replace(netloc=host).geturl()
    return text


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


def blocks(text: str) -> list[tuple[str, str]]:
    """Return formatted text as (kind, plain text) blocks for documents without HTML.

    Kinds are "paragraph", "bullet", "number" and "heading"; links appear as
    their readable address (or label and address).
    """
    md = _parser()
    result: list[tuple[str, str]] = []
    stack: list[str] = []
    text = BARE_URL.sub(lambda match: readable_url(match.group(0)), text or "")
    for token in md.parse(text):
        if token.type in {"bullet_list_open", "ordered_list_open"}:
            stack.append("bullet" if token.type.startswith("bullet") else "number")
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            stack.pop()
        elif token.type == "heading_open":
            stack.append("heading")
        elif token.type == "heading_close":
            stack.pop()
        elif token.type == "inline":
            kind = stack[-1] if stack else "paragraph"
            result.append((kind, _plain(token.children or [])))
    return result


def _plain(children: list) -> str:
    parts: list[str] = []
    href = ""
    label: list[str] = []
    for child in children:
        if child.type == "link_open":
            href = readable_url(child.attrGet("href") or "")
            label = []
        elif child.type == "link_close":
            shown = "".join(label)
            readable = readable_url(shown)
            parts.append(
                readable
                if readable in (href, href.rstrip("/")) or not shown
                else f"{shown} ({href})"
            )
            href = ""
        elif child.type in {"softbreak", "hardbreak"}:
            (label if href else parts).append(
                " " if child.type == "softbreak" else "\n"
            )
        elif child.content:
            (label if href else parts).append(child.content)
    return "".join(parts)
