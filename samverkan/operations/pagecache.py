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

Anonymous GET requests without a session or messages cookie share one kept
page. A signed-in user gets pages of their own, kept under a second counter,
the *private generation*, which every write moves on, the rows no public
page shows included (notifications, audit entries); the key also holds the
user, their session and a digest of its data, so a sign-in, a language or a
second factor changes the key. A signed-in request that asks for no cached
answer (`Cache-Control: no-cache`, a forced reload) and one with messages
waiting are rendered afresh. Only views without side effects on GET may be
cached: a hit never runs the view.

The page's CSRF token (the language form, htmx's header) is kept as a
placeholder and each visitor gets a token of their own. Pages also leave the
cache after PAGE_CACHE_SECONDS, for what changes with the clock alone
("upcoming meetings"). Each kept page carries an ETag, and a request that
sends it back gets 304 Not Modified.

The `pages` cache must be shared by every process that serves the site:
a file cache under SAMVERKAN_VAR_DIR on one machine, Redis on several.
"""

import hashlib
import json
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token

GENERATION_KEY = "generation"
PRIVATE_KEY = "private-generation"
# Rows no public page shows: writing them leaves every public page as it was.
UNSHOWN_TABLES = (
    "django_session",
    "django_tasks_database_",
    "audit_",
    "notifications_",
    "otp_",
    "api_apitoken",
)
# Rows no page of a signed-in user shows: the task queue, and the sessions,
# whose data is in the key of each private page.
UNSEEN_TABLES = ("django_session", "django_tasks_database_")
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


def private_generation() -> int:
    return _cache().get_or_set(PRIVATE_KEY, 0, timeout=None)


def _move(*keys: str) -> None:
    if settings.PAGE_CACHE_SECONDS <= 0:
        return  # nothing is kept, so nothing goes out of date
    cache = _cache()
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # not there yet (a new or cleared cache)
            cache.set(key, 1, timeout=None)


def bump() -> None:
    """Move both generations on: every kept page is out of date."""
    _move(GENERATION_KEY, PRIVATE_KEY)


def bump_private() -> None:
    """Move the private generation on: the pages of signed-in users are out of date."""
    _move(PRIVATE_KEY)


def until_written(name: str, compute: Callable[[], object]) -> object:
    """Return `compute()`, kept in the pages cache until the next write.

    For what is read from the database on each signed-in request and changes
    only when the database does (a user's roles). The value is kept under the
    private generation, which every write moves on, and never from inside a
    transaction, whose rows may yet be rolled back.
    """
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    cache = _cache()
    key = f"value:{private_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if not connections["default"].in_atomic_block:
            cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    return value


def _table(sql: str) -> str:
    """The table a write names first: INSERT INTO "t", UPDATE "t", DELETE FROM "t"."""
    words = sql.split(None, 3)
    name = words[2] if words[0].upper() in ("INSERT", "DELETE") else words[1]
    return name.strip('"`[]').lower()


def _effect(sql: str) -> Callable[[], None] | None:
    """What a write does to kept pages: bump, bump_private or nothing."""
    table = _table(sql)
    if not table.startswith(UNSHOWN_TABLES):
        return bump
    if not table.startswith(UNSEEN_TABLES):
        return bump_private
    return None


class _Kept:
    """How many pages this process has put in the cache (see WriteWatcher)."""

    count = 0


class WriteWatcher:
    """An execute wrapper: a write moves the generations of the pages it shows in.

    In a transaction the first write moves them, and the commit moves them
    again. A later write of the same transaction moves them only if this
    process kept a page since: that page may show the transaction's own
    earlier writes (a request inside the transaction, as in tests, sees them).
    """

    def __init__(self, connection) -> None:  # noqa: ANN001 - a Django connection
        self.connection = connection
        self.kept_at = {bump: -1, bump_private: -1}

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        result = execute(sql, params, many, context)
        statement = sql.lstrip()
        if statement[:6].upper().startswith(WRITES):
            effect = _effect(statement)
            if effect is not None:
                self.written(effect)
        return result

    def written(self, effect: Callable[[], None]) -> None:
        connection = self.connection
        if not connection.in_atomic_block:
            effect()
            return
        pending = {callback for _ids, callback, _r in connection.run_on_commit}
        # bump moves the private generation too, so it covers bump_private.
        covered = {effect, bump} if effect is bump_private else {bump}
        if not pending & covered:
            connection.on_commit(effect)
        elif self.kept_at[effect] == _Kept.count:
            return
        self.kept_at[effect] = _Kept.count
        effect()


def watch(sender, connection, **kwargs) -> None:  # noqa: ANN001, ARG001
    if not any(isinstance(w, WriteWatcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(WriteWatcher(connection))


def watch_writes() -> None:
    """Watch every connection, those open already and those to come."""
    connection_created.connect(watch, dispatch_uid="samverkan-pagecache")
    for connection in connections.all(initialized_only=True):
        watch(None, connection)


def _public_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _private_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and "no-cache" not in request.headers.get("Cache-Control", "")
        and "messages" not in request.COOKIES
        and request.user.is_authenticated
        and not len(messages.get_messages(request))  # those kept in the session
    )


def _key(request: HttpRequest, prefix: str) -> str:
    variant = "htmx" if request.headers.get("HX-Request") else "page"
    # The host too: the APIs' links are absolute, in the address asked for.
    address = request.build_absolute_uri()
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"{prefix}:{request.LANGUAGE_CODE}:{variant}:{digest}"


def _public_key(request: HttpRequest) -> str:
    return _key(request, f"page:{generation()}")


def _private_key(request: HttpRequest) -> str:
    session = request.session
    data = json.dumps(dict(session.items()), sort_keys=True, default=str)
    owner = hashlib.sha256(f"{session.session_key}:{data}".encode()).hexdigest()
    return _key(request, f"private:{private_generation()}:{request.user.pk}:{owner}")


def _without_tokens(content: bytes) -> bytes:
    for match in TOKEN_PLACES.finditer(content):
        for token in match.groups():
            if token:
                content = content.replace(token, TOKEN)
    return content


def _keep(response: HttpResponse, *, private: bool) -> dict | None:
    control = response.get("Cache-Control", "")
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or "no-store" in control
        or ("private" in control and not private)
    ):
        return None
    content = _without_tokens(response.content)
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    return {
        "content": content,
        "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
        "etag": etag,
    }


def _answer(request: HttpRequest, kept: dict, *, private: bool) -> HttpResponse:
    if kept["etag"] in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        content = kept["content"]
        if TOKEN in content:
            content = content.replace(TOKEN, get_token(request).encode())
        response = HttpResponse(content, headers=kept["headers"])
    response["ETag"] = kept["etag"]
    if private:  # one user's page: no shared cache on the way may keep it
        response["Cache-Control"] = "private"
    return response


def cached_page(view: Callable) -> Callable:
    """Serve the view's page from the pages cache: one for all anonymous
    visitors, one for each signed-in user and session."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> object:
        if _public_request(request):
            key, private = _public_key(request), False
        elif _private_request(request):
            key, private = _private_key(request), True
        else:
            return view(request, *args, **kwargs)
        cache = _cache()
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            kept = _keep(response, private=private)
            if kept is None:
                return response
            cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
            _Kept.count += 1
        return _answer(request, kept, private=private)

    return wrapped
