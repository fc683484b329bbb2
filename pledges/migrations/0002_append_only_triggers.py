"""Database triggers that make progress reports and verifications append-only (PostgreSQL).

SQLite gets its triggers in 0005, after 0003 rebuilt the report table.
"""

from django.db import migrations

TABLES = ("pledges_progressreport", "pledges_reportverification")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # params=None: the function body's '%' placeholders are PL/pgSQL's, not the driver's.
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();"
            )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS refuse_append_only_change();")


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
