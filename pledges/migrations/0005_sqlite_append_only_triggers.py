"""Append-only on SQLite: no report or verification is ever updated (PostgreSQL: since 0002).

They come after 0003: SQLite has no ALTER COLUMN, so 0003 rebuilt the report table, and a rebuild
drops a table's triggers; a later migration rebuilding these tables must create them again.
Deletes are refused by PostgreSQL's triggers and by the models; not by SQLite's, because SQLite
has no TRUNCATE and Django's flush (tests, `manage.py flush`) deletes row by row.
"""

from django.db import migrations

TABLES = ("pledges_progressreport", "pledges_reportverification")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: UPDATE refused'); END;"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("pledges", "0004_add_pledge_list_index")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
