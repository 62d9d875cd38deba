"""Public pages served from a cache until anything in the database changes.

A public page is the same for every visitor who is not signed in, so it is
rendered once and kept in the `pages` cache under the site's *generation*: a
counter in the same cache that every write to the database moves on. Writes
are seen where they happen, below the ORM: each database connection carries
an execute wrapper that notices INSERT, UPDATE and DELETE statements, so bulk
updates and raw SQL count as well as saves. (COPY passes by; `generate`, its
one user, ends with the search index rebuild, whose deletes move it.) A write
inside a transaction moves the counter at once and again after the commit, so
a page rendered from the old rows while the transaction was open is never
kept under the new counter.

Only anonymous GET requests without a session or messages cookie are served
from the cache. The page's CSRF token (the language form, htmx's header) is
kept as a placeholder and each visitor gets a token of their own. Pages
also leave the cache after PAGE_CACHE_SECONDS, for what changes with the
clock alone ("upcoming meetings"). Each kept page carries an ETag, and a
request that sends it back gets 304 Not Modified.

The `pages` cache must be shared by every process that serves the site:
a file cache under SAMVERKAN_VAR_DIR on one machine, Redis on several.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token

GENERATION_KEY = "generation"
# Rows no public page shows: writing them leaves every page as it was.
UNSHOWN_TABLES = (
    "django_session",
    "django_tasks_database_",
    "audit_",
    "notifications_",
    "otp_",
    "api_apitoken",
)
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Access-Control-Allow-Origin",
)
WRITES = ("INSERT", "UPDATE", "DELETE")
TOKEN = b"\x00csrf-token\x00"
# Where templates put the token: {% csrf_token %} and the htmx header.
TOKEN_PLACES = re.compile(
    rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"|"X-CSRFToken": "([A-Za-z0-9]+)"'
)


def _cache():  # noqa: ANN202 - a Django cache
    return caches["pages"]


def generation() -> int:
    return _cache().get_or_set(GENERATION_KEY, 0, timeout=None)


def bump() -> None:
    """Move the generation on: every kept page is out of date."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return  # nothing is kept, so nothing goes out of date
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (a new or cleared cache)
        cache.set(GENERATION_KEY, 1, timeout=None)


def _table(sql: str) -> str:
    """The table a write names first: INSERT INTO "t", UPDATE "t", DELETE FROM "t"."""
    words = sql.split(None, 3)
    name = words[2] if words[0].upper() in ("INSERT", "DELETE") else words[1]
    return name.strip('"`[]').lower()


def _shows(sql: str) -> bool:
    return not _table(sql).startswith(UNSHOWN_TABLES)


class _Kept:
    """How many pages this process has put in the cache (see WriteWatcher)."""

    count = 0


class WriteWatcher:
    """An execute wrapper: a write to a shown table moves the generation on.

    In a transaction the first write moves it, and the commit moves it again.
    A later write of the same transaction moves it only if this process kept
    a page since: that page may show the transaction's own earlier writes
    (a request inside the transaction, as in tests, sees them).
    """

    def __init__(self, connection) -> None:  # noqa: ANN001 - a Django connection
        self.connection = connection
        self.kept_at_bump = -1

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        result = execute(sql, params, many, context)
        statement = sql.lstrip()
        if statement[:6].upper().startswith(WRITES) and _shows(statement):
            self.written()
        return result

    def written(self) -> None:
        connection = self.connection
        if not connection.in_atomic_block:
            bump()
            return
        pending = connection.run_on_commit
        if not any(callback is bump for _ids, callback, _r in pending):
            connection.on_commit(bump)
        elif self.kept_at_bump == _Kept.count:
            return
        self.kept_at_bump = _Kept.count
        bump()


def watch(sender, connection, **kwargs) -> None:  # noqa: ANN001, ARG001
    if not any(isinstance(w, WriteWatcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(WriteWatcher(connection))


def watch_writes() -> None:
    """Watch every connection, those open already and those to come."""
    connection_created.connect(watch, dispatch_uid="samverkan-pagecache")
    for connection in connections.all(initialized_only=True):
        watch(None, connection)


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest, current: int) -> str:
    variant = "htmx" if request.headers.get("HX-Request") else "page"
    # The host too: the APIs' links are absolute, in the address asked for.
    address = request.build_absolute_uri()
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{current}:{request.LANGUAGE_CODE}:{variant}:{digest}"


def _without_tokens(content: bytes) -> bytes:
    for match in TOKEN_PLACES.finditer(content):
        for token in match.groups():
            if token:
                content = content.replace(token, TOKEN)
    return content


def _keep(response: HttpResponse) -> dict | None:
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return None
    content = _without_tokens(response.content)
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    return {
        "content": content,
        "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
        "etag": etag,
    }


def _answer(request: HttpRequest, kept: dict) -> HttpResponse:
    if kept["etag"] in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        content = kept["content"]
        if TOKEN in content:
            content = content.replace(TOKEN, get_token(request).encode())
        response = HttpResponse(content, headers=kept["headers"])
    response["ETag"] = kept["etag"]
    return response


def cached_public_page(view: Callable) -> Callable:
    """Serve the view's page to anonymous visitors from the pages cache."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> object:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        cache = _cache()
        key = _key(request, generation())
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            kept = _keep(response)
            if kept is None:
                return response
            cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
            _Kept.count += 1
        return _answer(request, kept)

    return wrapped
