"""One error format for the whole API: problem+json (RFC 9457, ex 7807).

Every error answers with the HTTP status, a machine code, the message in
Swedish and in English, and the fields it concerns:

    {"type": "urn:samverkan:problem:transition_not_allowed", "status": 409,
     "code": "transition_not_allowed", "detail": "...", "message_sv": "...",
     "message_en": "...", "fields": []}

The domain raises its errors in Swedish (the source language). The English
text is the English catalogue's rendering of the same message: the Swedish
text is matched against the catalogue's templates and what filled their
placeholders is translated in turn (see `english`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from samverkan.lib.errors import DomainError

PROBLEM_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str
    code: str
    message_sv: str
    message_en: str


class Problem(Schema):
    type: str
    status: int
    code: str
    detail: str
    message_sv: str
    message_en: str
    fields: list[FieldError]


@dataclass
class ApiError(Exception):
    """An error of the API itself (not of the domain), with both languages."""

    status: int
    code: str
    message: Any  # a lazy Swedish text, translated on rendering
    params: dict[str, Any] = field(default_factory=dict)
    fields: list[dict[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def texts(self) -> tuple[str, str]:
        return both(self.message, **self.params)


def both(message: Any, **params: Any) -> tuple[str, str]:
    """Return (Swedish, English) of a lazy message formatted with `params`."""
    texts = []
    for language in ("sv", "en"):
        with translation.override(language):
            text = str(message)
            texts.append(text % params if params else text)
    return texts[0], texts[1]


# Swedish → English for the domain's messages ---------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@dataclass(frozen=True)
class Template:
    pattern: re.Pattern
    names: tuple[str, ...]
    english: str


@cache
def _catalogue() -> tuple[dict[str, str], tuple[Template, ...]]:
    """Return the exact Swedish → English pairs and the templates with placeholders.

    Two sources: our own catalogue (Swedish msgid → English msgstr) and the
    Swedish catalogues of Django and the libraries (English msgid → Swedish
    msgstr), which hold the messages of model validation.
    """
    pairs: dict[str, str] = {}
    own = translation.trans_real.translation("en")._catalog
    for msgid, msgstr in own.items():
        if isinstance(msgid, str) and msgstr:
            pairs.setdefault(msgid, msgstr)
    swedish = translation.trans_real.translation("sv")._catalog
    for msgid, msgstr in swedish.items():
        if isinstance(msgid, str) and msgstr and msgid:
            pairs.setdefault(msgstr, msgid)
    exact = {sv: en for sv, en in pairs.items() if not PLACEHOLDER.search(sv)}
    templates = []
    # The longest templates first: the most specific wins.
    for sv, en in sorted(pairs.items(), key=lambda pair: -len(pair[0])):
        names = tuple(PLACEHOLDER.findall(sv))
        if not names or set(names) != set(PLACEHOLDER.findall(en)):
            continue
        literals = [
            re.escape(piece.replace("%%", "%")) for piece in PLACEHOLDER.split(sv)[::2]
        ]
        regex, seen = literals[0], set()
        for position, name in enumerate(names, start=1):
            group = f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
            seen.add(name)
            regex += group + literals[position]
        templates.append(Template(re.compile(regex, re.DOTALL), names, en))
    return exact, tuple(templates)


def _fill(template: str, values: dict[str, str]) -> str:
    filled = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    return filled.replace("%%", "%")


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def english(swedish: str, depth: int = 0) -> str:
    """Return the English of a Swedish message of the system, as well as known.

    Parts the catalogue does not know (names, numbers, registry numbers) stay
    as they are; they read the same in both languages.
    """
    exact, templates = _catalogue()
    if swedish in exact:
        return exact[swedish]
    if depth > 3 or not swedish.strip():
        return swedish
    for template in templates:
        match = template.pattern.fullmatch(swedish)
        if match:
            values = {
                name: english(value, depth + 1)
                for name, value in match.groupdict().items()
            }
            return _fill(template.english, values)
    for separator in ("; ", " och "):
        if separator in swedish:
            pieces = swedish.split(separator)
            translated = [english(piece, depth + 1) for piece in pieces]
            if translated != pieces:
                joiner = "; " if separator == "; " else " and "
                return joiner.join(translated)
    sentences = SENTENCE_END.split(swedish)
    if len(sentences) > 1:
        return " ".join(english(sentence, depth + 1) for sentence in sentences)
    return swedish


# Field errors from schema validation -----------------------------------------

# Pydantic's error types, in words; any other type falls back to "invalid".
FIELD_MESSAGES = {
    "missing": _("Fältet måste fyllas i."),
    "string_too_long": _("Texten är för lång: högst %(max_length)s tecken."),
    "string_too_short": _("Texten är för kort: minst %(min_length)s tecken."),
    "string_type": _("Ange en text."),
    "int_parsing": _("Ange ett heltal."),
    "int_type": _("Ange ett heltal."),
    "int_from_float": _("Ange ett heltal."),
    "bool_parsing": _("Ange true eller false."),
    "bool_type": _("Ange true eller false."),
    "date_parsing": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
    "date_from_datetime_parsing": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
    "date_type": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
    "datetime_parsing": _("Ange en tidpunkt som ÅÅÅÅ-MM-DDTHH:MM med tidszon."),
    "datetime_from_date_parsing": _(
        "Ange en tidpunkt som ÅÅÅÅ-MM-DDTHH:MM med tidszon."
    ),
    "datetime_type": _("Ange en tidpunkt som ÅÅÅÅ-MM-DDTHH:MM med tidszon."),
    "timezone_aware": _("Ange tidpunkten med tidszon."),
    "enum": _("Välj ett av värdena: %(expected)s."),
    "literal_error": _("Välj ett av värdena: %(expected)s."),
    "greater_than_equal": _("Värdet måste vara minst %(ge)s."),
    "greater_than": _("Värdet måste vara större än %(gt)s."),
    "less_than_equal": _("Värdet får vara högst %(le)s."),
    "list_type": _("Ange en lista."),
    "too_long": _("Listan är för lång: högst %(max_length)s värden."),
    "dict_type": _("Ange ett objekt."),
    "model_attributes_type": _("Ange ett objekt."),
    "json_invalid": _("Innehållet är inte giltig JSON."),
    "url_parsing": _("Ange en giltig webbadress."),
    "url_scheme": _("Ange en webbadress som börjar med http:// eller https://."),
}
INVALID = _("Ogiltigt värde.")
# Where a value came from, in ninja's error locations: not part of its name.
SOURCES = {"body", "query", "path", "header", "form", "file", "payload", "data"}


def field_errors(errors: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Turn ninja's (pydantic's) validation errors into our field errors."""
    result = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        while location and location[0] in SOURCES:
            location = location[1:]
        kind = str(error.get("type", "value_error"))
        context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
        message = FIELD_MESSAGES.get(kind, INVALID)
        try:
            sv, en = both(message, **context) if "%(" in str(message) else both(message)
        except KeyError:
            sv, en = both(INVALID)
        result.append(
            {
                "field": ".".join(location) or "body",
                "code": kind,
                "message_sv": sv,
                "message_en": en,
            }
        )
    return result


# Rendering --------------------------------------------------------------------


def prefers_english(request: HttpRequest) -> bool:
    accepted = request.headers.get("Accept-Language", "").strip().lower()
    return accepted.startswith("en")


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message_sv: str,
    message_en: str,
    fields: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "type": f"urn:samverkan:problem:{code}",
        "status": status,
        "code": code,
        "detail": message_en if prefers_english(request) else message_sv,
        "message_sv": message_sv,
        "message_en": message_en,
        "fields": fields or [],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def api_error_response(request: HttpRequest, error: ApiError) -> HttpResponse:
    sv, en = error.texts()
    return problem_response(
        request,
        status=error.status,
        code=error.code,
        message_sv=sv,
        message_en=en,
        fields=error.fields,
        headers=error.headers,
    )


def domain_error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    fields = getattr(error, "api_fields", None)
    return problem_response(
        request,
        status=error.status_code,
        code=error.code,
        message_sv=error.message,
        message_en=english(error.message),
        fields=fields,
    )


NOT_FOUND = _("Det finns ingen sådan resurs, eller så får du inte se den.")
FORBIDDEN = _("Du har inte behörighet till detta.")


def not_found_response(request: HttpRequest, error: Http404) -> HttpResponse:
    return api_error_response(request, ApiError(404, "not_found", NOT_FOUND))


def forbidden_response(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api_error_response(request, ApiError(403, "forbidden", FORBIDDEN))
