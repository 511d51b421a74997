"""Links of the search page: each facet value and each active filter is a plain link.

No JavaScript is needed to refine a search: a facet link adds its filter to the current
address, a filter chip's link removes it, and both go back to page 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from libnet.network.models import LibraryKind
from libnet.opac import labels
from libnet.search import analysis
from libnet.search.facets import FacetValue

# Engine facet → (address parameter, heading). `library` may repeat; the others are single.
FACETS: dict[str, tuple[str, str | Promise]] = {
    "library": ("library", _("Library")),
    "library_kind": ("kind", _("Kind of library")),
    "subject": ("subject", _("Subject")),
    "material_type": ("type", _("Type")),
    "language": ("language", _("Language")),
    "year": ("year", _("Year")),
}
MULTI_VALUED = frozenset({"library"})
# Parameters that narrow a search down; "clear all filters" removes them and keeps the words.
FILTER_PARAMS = (
    "library",
    "kind",
    "subject",
    "type",
    "language",
    "year_from",
    "year_to",
    "available",
)


def clear_filters_url(params: QueryDict) -> str:
    return url_with(params, **dict.fromkeys(FILTER_PARAMS))


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str
    is_selected: bool


@dataclass(frozen=True)
class FacetGroup:
    key: str
    title: str
    links: list[FacetLink]


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_url: str


def url_with(params: QueryDict, **changes: str | Sequence[str] | None) -> str:
    """Return `?…` for `params` with `changes` applied (None removes a key), back to page 1."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        elif isinstance(value, str):
            query[key] = value
        else:
            query.setlist(key, list(value))
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _selected_values(params: QueryDict, key: str) -> list[str]:
    if key == "year":
        year_from, year_to = params.get("year_from", ""), params.get("year_to", "")
        return [year_from] if year_from and year_from == year_to else []
    return [value for value in params.getlist(key) if value]


def _same(key: str, value: str) -> str:
    """The form in which two values of facet `key` are the same filter."""
    if key == "subject":  # the engine files a heading by its folded words
        return analysis.heading_key(value)
    if key == "library":
        return value.strip().upper()
    return value


def _link(params: QueryDict, key: str, value: str, *, selected: bool) -> str:
    if key == "year":
        year = None if selected else value
        return url_with(params, year_from=year, year_to=year)
    if key in MULTI_VALUED:
        current = _selected_values(params, key)
        if selected:
            values = [v for v in current if _same(key, v) != _same(key, value)]
        else:
            values = [*current, value]
        return url_with(params, **{key: values})
    return url_with(params, **{key: None if selected else value})


def _label(facet: str, value: FacetValue) -> str:
    # The engine names languages and material types by their codes (vie, text).
    if facet == "language":
        return labels.language_name(str(value.value))
    if facet == "material_type":
        return labels.material_type_name(str(value.value))
    return str(value.label or value.value)


def facet_groups(facets: Mapping[str, Sequence[FacetValue]], params: QueryDict) -> list[FacetGroup]:
    """Return the facets in display order, each value a link that adds or removes it."""
    groups = []
    for name, (key, title) in FACETS.items():
        selected = {_same(key, value) for value in _selected_values(params, key)}
        links = []
        for value in facets.get(name) or []:
            is_selected = _same(key, str(value.value)) in selected
            # Drill down: once a value is picked, its facet shows only the picked values, each
            # a link that removes it. The counts of the others, taken inside the filtered
            # results, would not say what picking them adds.
            if (selected and not is_selected) or not (value.count or is_selected):
                continue
            links.append(
                FacetLink(
                    label=_label(name, value),
                    count=value.count,
                    url=_link(params, key, str(value.value), selected=is_selected),
                    is_selected=is_selected,
                )
            )
        if links:
            groups.append(FacetGroup(key=key, title=str(title), links=links))
    return groups


def active_filters(params: QueryDict, library_names: Mapping[str, str]) -> list[ActiveFilter]:
    """Return a removable chip for each filter in the address; libraries by their names."""
    chips: list[ActiveFilter] = []
    for code in _selected_values(params, "library"):
        chips.append(
            ActiveFilter(
                library_names.get(_same("library", code), code),
                _link(params, "library", code, selected=True),
            )
        )
    kind = params.get("kind", "")
    if kind in LibraryKind.values:
        chips.append(ActiveFilter(str(LibraryKind(kind).label), url_with(params, kind=None)))
    if subject := params.get("subject", ""):
        chips.append(
            ActiveFilter(
                str(_("Subject: %(subject)s") % {"subject": subject}),
                url_with(params, subject=None),
            )
        )
    if material_type := params.get("type", ""):
        chips.append(
            ActiveFilter(labels.material_type_name(material_type), url_with(params, type=None))
        )
    if language := params.get("language", ""):
        chips.append(ActiveFilter(labels.language_name(language), url_with(params, language=None)))
    year_from, year_to = params.get("year_from", ""), params.get("year_to", "")
    if year_from or year_to:
        if year_from == year_to:
            label = str(year_from)
        elif year_from and year_to:
            label = f"{year_from}–{year_to}"
        elif year_from:
            label = str(_("from %(year)s") % {"year": year_from})
        else:
            label = str(_("until %(year)s") % {"year": year_to})
        chips.append(ActiveFilter(label, url_with(params, year_from=None, year_to=None)))
    if params.get("available"):
        chips.append(ActiveFilter(str(_("On the shelf now")), url_with(params, available=None)))
    return chips
