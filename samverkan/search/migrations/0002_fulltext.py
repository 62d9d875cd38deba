"""The full-text index, one kind per database.

SQLite: an FTS5 table of stems (the Snowball Swedish stemmer runs in Python),
row id = the entry's id; diacritics are left alone, the words come folded.
PostgreSQL: a stored tsvector of the folded words under the `swedish`
configuration (its Snowball stemmer and stop words), title weighted A and
text B, with a GIN index.
"""

from django.db import migrations

SQLITE = [
    (
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "title, text, tokenize = 'unicode61 remove_diacritics 0')",
        "DROP TABLE search_fts",
    )
]
POSTGRESQL = [
    (
        "ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('swedish'::regconfig, title_terms), 'A') || "
        "setweight(to_tsvector('swedish'::regconfig, text_terms), 'B')) STORED",
        "ALTER TABLE search_searchentry DROP COLUMN vector",
    ),
    (
        "CREATE INDEX search_vector ON search_searchentry USING GIN (vector)",
        "DROP INDEX search_vector",
    ),
]


def _statements(vendor: str) -> list[tuple[str, str]]:
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])


def forwards(apps, schema_editor):
    for create, _drop in _statements(schema_editor.connection.vendor):
        schema_editor.execute(create)


def backwards(apps, schema_editor):
    for _create, drop in reversed(_statements(schema_editor.connection.vendor)):
        schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
