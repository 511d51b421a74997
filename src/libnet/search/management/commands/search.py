"""libnet search QUERY [--library CODE] [--limit N] [--json]

Searches the catalogue as the OPAC does (same query language, same ranking). With --json,
one JSON object per line, best first. A query that cannot be read is an error (status 1).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.search import engine


class Command(LibnetCommand):
    help = gettext_noop("Search the catalogue, best matches first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+", help=_("words to look for, as in the OPAC"))
        parser.add_argument(
            "--library",
            action="append",
            default=[],
            metavar="CODE",
            help=_("only records held by this library or a library below it (repeatable)"),
        )
        parser.add_argument(
            "--available", action="store_true", help=_("only copies on a shelf now")
        )
        parser.add_argument(
            "--sort", default="relevance", choices=("relevance", "title", "year", "newest")
        )
        parser.add_argument("--limit", type=int, default=20, help=_("at most N results (max. 100)"))
        parser.add_argument(
            "--json", action="store_true", help=_("one JSON object per line, best first")
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        result = engine.search(
            engine.SearchRequest(
                q=" ".join(options["query"]),
                library_codes=tuple(options["library"]),
                available=options["available"],
                sort=options["sort"],
                page_size=max(1, min(options["limit"], engine.MAX_PAGE_SIZE)),
                # One search at a time: count every match, the total is printed.
                exact_total=True,
            )
        )
        held = engine.availability([hit.bib_id for hit in result.hits]) if options["json"] else {}
        for rank, hit in enumerate(result.hits, start=1):
            if options["json"]:
                line = engine.hit_as_dict(hit, held.get(hit.bib_id, []))
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            else:
                authors = "; ".join(hit.authors)
                year = hit.year or ""
                self.stdout.write(
                    f"{rank:>3}. [{hit.bib_id}] {hit.title} — {authors} ({year})  {hit.score:.3f}"
                )
        if not options["json"]:
            self.stdout.write(
                _("%(shown)s of %(total)s records.")
                % {"shown": len(result.hits), "total": result.total}
            )
            if result.suggestions:
                self.stdout.write(
                    _("Did you mean: %(suggestions)s?")
                    % {"suggestions": " | ".join(result.suggestions)}
                )
