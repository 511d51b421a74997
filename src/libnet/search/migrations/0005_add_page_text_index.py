"""The page texts of the digital library and their full-text index, apart from the catalogue's.

SQLite: an FTS5 table with search_pagetext as external content, kept in step by triggers
(pages are written one at a time, when their text changes). PostgreSQL: a tsvector column
filled by a trigger through search_tsvector (migration 0002) and a GIN index. Both index the
folded tokens only (search/analysis.py), as the catalogue's index does.
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_page_fts USING fts5(
        folded, content='search_pagetext', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'", prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER search_page_insert AFTER INSERT ON search_pagetext BEGIN
        INSERT INTO search_page_fts(rowid, folded) VALUES (new.id, new.folded);
    END
    """,
    """
    CREATE TRIGGER search_page_delete AFTER DELETE ON search_pagetext BEGIN
        INSERT INTO search_page_fts(search_page_fts, rowid, folded)
        VALUES ('delete', old.id, old.folded);
    END
    """,
    """
    CREATE TRIGGER search_page_update AFTER UPDATE ON search_pagetext BEGIN
        INSERT INTO search_page_fts(search_page_fts, rowid, folded)
        VALUES ('delete', old.id, old.folded);
        INSERT INTO search_page_fts(rowid, folded) VALUES (new.id, new.folded);
    END
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_page_update",
    "DROP TRIGGER IF EXISTS search_page_delete",
    "DROP TRIGGER IF EXISTS search_page_insert",
    "DROP TABLE IF EXISTS search_page_fts",
]

POSTGRES_FORWARD = [
    "ALTER TABLE search_pagetext ADD COLUMN folded_v tsvector NOT NULL DEFAULT ''::tsvector",
    """
    CREATE FUNCTION search_page_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.folded_v := search_tsvector(NEW.folded, 'A');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER search_page_vector
        BEFORE INSERT OR UPDATE ON search_pagetext
        FOR EACH ROW EXECUTE FUNCTION search_page_vector()
    """,
    "CREATE INDEX search_page_folded ON search_pagetext USING gin (folded_v)",
]

POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS search_page_vector ON search_pagetext",
    "DROP FUNCTION IF EXISTS search_page_vector()",
    "ALTER TABLE search_pagetext DROP COLUMN IF EXISTS folded_v",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_add_reindex_request'),
    ]

    operations = [
        migrations.CreateModel(
            name='PageText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('page_id', models.PositiveIntegerField(unique=True)),
                ('object_id', models.PositiveIntegerField(db_index=True)),
                ('sequence', models.PositiveIntegerField()),
                ('record_id', models.PositiveIntegerField(blank=True, db_index=True, null=True)),
                ('text', models.TextField(blank=True)),
                ('folded', models.TextField(blank=True)),
            ],
            options={
                'verbose_name': 'page text',
                'verbose_name_plural': 'page texts',
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
