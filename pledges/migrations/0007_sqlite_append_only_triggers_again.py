"""The SQLite triggers that refuse updates of reports, verifications and evidence files, again.

0005_bounded_text_and_dates altered columns of these tables; SQLite alters a column by rebuilding
its table, which drops the table's triggers (0002's docstring warned of it), so on the embedded
database reports could be updated since. PostgreSQL alters in place: its triggers stand.
"""

from django.db import migrations

TABLES = ("pledges_progressreport", "pledges_reportverification", "pledges_evidencefile")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: UPDATE refused'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [("pledges", "0006_stored_verification")]

    operations = [migrations.RunPython(create_triggers, migrations.RunPython.noop)]
