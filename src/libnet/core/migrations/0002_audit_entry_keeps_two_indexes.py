"""The audit log keeps only the indexes its readers use (issue 5).

Every loan and return writes two audit entries; each index on the log was one more page
written at every desk scan (on SQLite a loan's commit went from 28 pages to 23 without these
three). Nothing reads the log by action, actor or library often: a rebuild of the figures
and the deletion of a user scan it. The time index (the admin's list) and the object index
(`audit.entries_for`) stay.

The indexes are dropped by name: on SQLite Django's AlterField would rebuild the whole log
to drop an index. On PostgreSQL the action column also has its `_like` (pattern) index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "core_auditentry"
INDEXES = {
    "core_auditentry_action_6ad0fad5": "action",
    "core_auditentry_actor_id_d8248cee": "actor_id",
    "core_auditentry_library_id_74be8660": "library_id",
}
PATTERN_INDEX = "core_auditentry_action_6ad0fad5_like"


def drop_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for name in [*INDEXES, PATTERN_INDEX]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")


def create_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(TABLE)} ({quote(column)})")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {quote(PATTERN_INDEX)} ON {quote(TABLE)} "
            f"({quote('action')} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="action",
                    field=models.CharField(max_length=64, verbose_name="action"),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="library_id",
                    field=models.BigIntegerField(blank=True, null=True, verbose_name="library"),
                ),
            ],
        )
    ]
