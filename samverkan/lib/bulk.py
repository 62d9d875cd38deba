"""Inserting many rows whose primary keys are already chosen."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 2000


def insert_rows(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert `rows` as bulk_create would: with PostgreSQL's COPY, which is faster.

    No signals are sent and `save()` is not called; the rows must be complete.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=BATCH)
        return
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    field.get_db_prep_save(getattr(row, field.attname), connection)
                    for field in fields
                ]
            )


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """Move the id sequences of `models_` past the ids inserted by hand."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
