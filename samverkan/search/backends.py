"""Full-text matching and ranking: PostgreSQL (tsvector) or SQLite (FTS5).

Both take the entries a user may see as an ORM queryset (visibility and
filters are SQL the ORM writes) and add the match and the rank in raw SQL, so
counts and pages are computed in the database.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, Count, FloatField, QuerySet, Window
from django.db.models.expressions import RawSQL

from . import text
from .models import SearchEntry
from .text import Query


class Backend:
    def store(self, entries: Iterable[SearchEntry]) -> None:
        """Write the full-text rows of saved entries."""

    def forget(self, ids: Iterable[int]) -> None:
        """Remove the full-text rows of deleted entries."""

    def clear(self) -> None:
        """Remove every full-text row."""

    def ranked(
        self, entries: QuerySet, query: Query, *, limit: int, offset: int
    ) -> tuple[int, list[int]]:
        """Return the number of matching entries and the ids of one page, best first."""
        raise NotImplementedError


class PostgreSQLBackend(Backend):
    # The tsvector is a generated column: PostgreSQL keeps it current.

    def _tsquery(self, query: Query) -> str:
        parts = [f"'{word}'" for word in query.words]
        if query.prefix:
            parts[-1] += ":*"
        return " & ".join(parts)

    def ranked(
        self, entries: QuerySet, query: Query, *, limit: int, offset: int
    ) -> tuple[int, list[int]]:
        # The match joins the visibility conditions on the same rows, so the
        # planner starts from the GIN index and checks only what matches.
        tsquery = self._tsquery(query)
        matching = entries.filter(
            RawSQL(
                "search_searchentry.vector @@ to_tsquery('swedish', %s)",
                [tsquery],
                output_field=BooleanField(),
            )
        )
        rank = RawSQL(
            "ts_rank(search_searchentry.vector, to_tsquery('swedish', %s))",
            [tsquery],
            output_field=FloatField(),
        )
        # One pass over the matches: the count rides along as a window.
        rows = list(
            matching.annotate(rank=rank, total=Window(Count("id")))
            .order_by("-rank", "id")
            .values_list("id", "total")[offset : offset + limit]
        )
        if not rows:  # nothing matches, or the page lies past the last
            return (matching.count() if offset else 0), []
        return rows[0][1], [pk for pk, _total in rows]


class SQLiteBackend(Backend):
    def store(self, entries: Iterable[SearchEntry]) -> None:
        entries = list(entries)
        self.forget(entry.pk for entry in entries)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)",
                [
                    (entry.pk, text.stems(entry.title), text.stems(entry.text))
                    for entry in entries
                ],
            )

    def forget(self, ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk in ids]
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def _match(self, query: Query) -> str:
        # As PostgreSQL's to_tsquery: a half-typed word is stemmed too.
        parts = [f'"{word_stem}"' for word_stem in query.stems]
        if query.prefix:
            parts[-1] += "*"
        return " AND ".join(parts)

    def ranked(
        self, entries: QuerySet, query: Query, *, limit: int, offset: int
    ) -> tuple[int, list[int]]:
        visible, params = entries.values("id").query.sql_with_params()
        # "+rowid": match first, then keep the visible rows; a plain rowid
        # constraint makes FTS5 look up every visible row one by one.
        match = f"FROM search_fts WHERE search_fts MATCH %s AND +rowid IN ({visible})"
        arguments = [self._match(query), *params]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) {match}",  # noqa: S608 - ORM-written SQL
                arguments,
            )
            total = cursor.fetchone()[0]
            if not total or offset >= total:
                return total, []
            cursor.execute(
                f"SELECT rowid {match} ORDER BY bm25(search_fts, 4.0, 1.0), rowid "  # noqa: S608
                "LIMIT %s OFFSET %s",
                [*arguments, limit, offset],
            )
            return total, [row[0] for row in cursor.fetchall()]


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}.")
