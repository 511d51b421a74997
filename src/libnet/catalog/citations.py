"""A record described as an entry of a bibliography, in ISBD order (TCVN 4743-89 follows
ISBD): the one description used by the OPAC's printable result list, a display's
bibliography and the compiled bibliographies."""

from __future__ import annotations

from libnet.catalog.models import BibRecord


def host_of(bib: BibRecord) -> tuple[str, str] | None:
    """The serial an article is in (MARC 773 $t) and where in it ($g: issue, pages), for an
    analytic record; None for a record that is not part of another."""
    for entry in (bib.marc_json or {}).get("fields", []):
        value = entry.get("773")
        if isinstance(value, dict):
            parts: dict[str, str] = {}
            for subfield in value.get("subfields", []):
                for code, text in subfield.items():
                    parts.setdefault(code, str(text).strip())
            if parts.get("t"):
                return parts["t"].rstrip(" .:;,"), parts.get("g", "").rstrip(" .")
    return None


def citation(bib: BibRecord) -> str:
    """Describe `bib` as a bibliography entry, in ISBD order (TCVN 4743-89 follows ISBD).

    Heading. Title / responsibility. – Edition. – Place : Publisher, Year. – Extent. – ISBN;
    an article: Heading. Title // Serial. – Issue, pages.
    """
    authors = bib.author_list
    host = host_of(bib)
    if host is not None:
        title = bib.title.rstrip(" /:;,.")
        if bib.responsibility:
            title = f"{title} / {bib.responsibility.rstrip(' .')}"
        body = f"{title} // {host[0]}" + (f". – {host[1]}" if host[1] else "") + "."
        return f"{authors[0]}. {body}" if authors else body
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
