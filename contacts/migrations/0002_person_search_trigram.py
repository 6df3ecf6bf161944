"""Trigram indexes for the person search on PostgreSQL; SQLite searches without them.

`icontains` becomes `UPPER(col::text) LIKE UPPER(%s)` on PostgreSQL, which a GIN index on
`UPPER(col) gin_trgm_ops` serves; `contains` on the phone becomes a plain LIKE.
"""

from django.db import migrations

INDEXES = {
    "contacts_person_name_trgm": "UPPER(name) gin_trgm_ops",
    "contacts_person_email_trgm": "UPPER(email) gin_trgm_ops",
    "contacts_person_phone_trgm": "phone gin_trgm_ops",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON contacts_person USING gin ({expression})"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
