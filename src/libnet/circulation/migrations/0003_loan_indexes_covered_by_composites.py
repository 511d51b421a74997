"""Drop the single-column indexes on a loan's reader and library (issue 5).

The Meta indexes (patron, closed_at), (library, closed_at, due_on) and (library, loaned_at)
begin with those columns and serve every query the single ones did; each loan written or
closed updated the two redundant ones as well. On SQLite, Django's AlterField would rebuild
the loan table (twice) to drop an index: here the indexes are dropped by name instead, and
the model's state follows.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "circulation_loan_library_id_34d47007": "library_id",
    "circulation_loan_patron_id_9dd55b75": "patron_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0002_seed_network_rules"),
        ("network", "0001_initial"),
        ("patrons", "0003_add_patron_left_school_on"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    f'CREATE INDEX "{name}" ON "circulation_loan" ("{column}")',
                )
                for name, column in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="loan",
                    name="library",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loans",
                        to="network.library",
                        verbose_name="lent at",
                    ),
                ),
                migrations.AlterField(
                    model_name="loan",
                    name="patron",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="loans",
                        to="patrons.patron",
                    ),
                ),
            ],
        )
    ]
