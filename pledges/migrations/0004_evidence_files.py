"""Evidence files of progress reports, append-only in the database like the reports they belong to."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import pledges.models

TABLE = "pledges_evidencefile"


def create_trigger(apps, schema_editor):
    # The function refuse_append_only_change() comes from 0002_append_only_triggers.
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{TABLE} rows are append-only: UPDATE refused'); END;"
        )


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("pledges", "0003_pledge_starts_internal")]

    operations = [
        migrations.CreateModel(
            name="EvidenceFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        max_length=200, upload_to=pledges.models.evidence_upload_to, verbose_name="file"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="file name")),
                ("size", models.PositiveBigIntegerField(verbose_name="size (bytes)")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence_files",
                        to="pledges.progressreport",
                    ),
                ),
            ],
            options={
                "verbose_name": "evidence file",
                "ordering": ["report", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("size__gt", 0)), name="evidence_file_not_empty"
                    )
                ],
            },
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
