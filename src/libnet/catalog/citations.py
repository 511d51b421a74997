"""A record described as an entry of a bibliography, in ISBD order (TCVN 4743-89 follows
ISBD): the one description used by the OPAC's printable result list, a display's
bibliography and the compiled bibliographies."""

from __future__ import annotations

from libnet.catalog.models import BibRecord


def citation(bib: BibRecord) -> str:
    """Describe `bib` as a bibliography entry, in ISBD order (TCVN 4743-89 follows ISBD).

    Heading. Title / responsibility. – Edition. – Place : Publisher, Year. – Extent. – ISBN
    """
    authors = bib.author_list
    title = bib.title.rstrip(" /:;,.")
    if bib.responsibility:
        title = f"{title} / {bib.responsibility.rstrip(' .')}"
    areas = [title]
    if bib.edition:
        areas.append(bib.edition.rstrip(" ."))
    publication = " : ".join(part for part in (bib.publication_place, bib.publisher) if part)
    if bib.year:
        publication = f"{publication}, {bib.year}" if publication else str(bib.year)
    if publication:
        areas.append(publication)
    if bib.physical_description:
        areas.append(bib.physical_description.rstrip(" ."))
    if bib.isbn_list:
        areas.append("ISBN " + ", ".join(bib.isbn_list))
    body = ". – ".join(areas) + "."
    return f"{authors[0]}. {body}" if authors else body
