"""Where a title is on a shelf now moves out of the full-text index (issue 5).

The tags a<id>, ak<kind> and aany changed at loans and returns, and each change rewrote the
record's whole full-text entry (FTS5 deletes and re-inserts every column; PostgreSQL rebuilds
the tsvectors and their GIN entries). They now live in the plain column `shelf`, which the
engines check on the rows the full-text match finds; the held tags (h<id>, hk<kind>), which
a loan never changes, stay in the index and narrow the match first.

The documents' tags are split in place (on SQLite without row triggers, then one FTS5
'rebuild'), and the engines' triggers then follow only the columns they index, so an UPDATE
of `shelf` alone does not touch the full-text index.
"""

import re

from django.db import migrations, models

_SHELF_TAG = re.compile(r"^_(?:a\d+|aany|ak\S*)$")
_FTS_COLUMNS = "title, authors, subjects, publisher, other, codes, tags"

SQLITE_UPDATE_TRIGGER = """
    CREATE TRIGGER search_document_update AFTER UPDATE OF {columns} ON search_searchdocument
    BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, authors, subjects, publisher, other,
                               codes, tags)
        VALUES ('delete', old.bib_id, old.title, old.authors, old.subjects, old.publisher,
                old.other, old.codes, old.tags);
        INSERT INTO search_fts(rowid, title, authors, subjects, publisher, other, codes, tags)
        VALUES (new.bib_id, new.title, new.authors, new.subjects, new.publisher, new.other,
                new.codes, new.tags);
    END
"""

# Adding (or removing) a NOT NULL column makes Django's SQLite schema editor rebuild the
# table, which drops its triggers: both are made again after it.
SQLITE_DELETE_TRIGGER = """
    CREATE TRIGGER search_document_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, authors, subjects, publisher, other,
                               codes, tags)
        VALUES ('delete', old.bib_id, old.title, old.authors, old.subjects, old.publisher,
                old.other, old.codes, old.tags);
    END
"""

POSTGRES_TRIGGER = """
    CREATE TRIGGER search_document_vectors
        BEFORE INSERT OR UPDATE {of} ON search_searchdocument
        FOR EACH ROW EXECUTE FUNCTION search_document_vectors()
"""

FORWARD = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS search_document_update",
        "DROP TRIGGER IF EXISTS search_document_delete",
        SQLITE_UPDATE_TRIGGER.format(columns=_FTS_COLUMNS),
        SQLITE_DELETE_TRIGGER,
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS search_document_vectors ON search_searchdocument",
        POSTGRES_TRIGGER.format(of=f"OF {_FTS_COLUMNS}"),
    ],
}
REVERSE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS search_document_update",
        "DROP TRIGGER IF EXISTS search_document_delete",
        SQLITE_UPDATE_TRIGGER.replace(" OF {columns}", ""),
        SQLITE_DELETE_TRIGGER,
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS search_document_vectors ON search_searchdocument",
        POSTGRES_TRIGGER.format(of=""),
    ],
}


def split_tags(tags: str, shelf: str = "") -> tuple[str, str]:
    """(tags without the shelf tags, shelf tags after `shelf`)."""
    kept: list[str] = []
    on_shelf = shelf.split()
    for tag in tags.split():
        (on_shelf if _SHELF_TAG.match(tag) else kept).append(tag)
    return " ".join(kept), " ".join(dict.fromkeys(on_shelf))


def _move(apps, schema_editor, *, back: bool) -> None:
    document = apps.get_model("search", "SearchDocument")
    rows = document.objects.using(schema_editor.connection.alias)
    sqlite = schema_editor.connection.vendor == "sqlite"
    if sqlite:
        # Row triggers would rewrite the FTS5 entry of every document one by one; the
        # 'rebuild' below reads them all once (minutes fewer at a million records).
        for trigger in ("search_document_update", "search_document_delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    changed = []
    for bib_id, tags, shelf in rows.values_list("bib_id", "tags", "shelf").iterator(2000):
        if back:
            new = (" ".join([*tags.split(), *shelf.split()]), "")
        else:
            new = split_tags(tags, shelf)
        if new != (tags, shelf):
            changed.append(document(bib_id=bib_id, tags=new[0], shelf=new[1]))
    # PostgreSQL's trigger recomputes the changed documents' tsvectors.
    rows.bulk_update(changed, ["tags", "shelf"], batch_size=500)
    if sqlite:
        schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        # The triggers back at once (the new ones forwards, the old ones backwards): the
        # documents and the index are never left unfollowed between operations.
        for statement in (REVERSE if back else FORWARD)["sqlite"][2:]:
            schema_editor.execute(statement)


def _triggers(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_add_fulltext_index")]

    operations = [
        # Backwards, the column's removal rebuilds the table after the triggers below were
        # put back: put them back again.
        migrations.RunPython(migrations.RunPython.noop, _triggers(REVERSE)),
        migrations.AddField(
            model_name="searchdocument",
            name="shelf",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(
            lambda apps, editor: _move(apps, editor, back=False),
            lambda apps, editor: _move(apps, editor, back=True),
        ),
        migrations.RunPython(_triggers(FORWARD), _triggers(REVERSE)),
    ]
