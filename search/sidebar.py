"""What the search page's filter column shows, prepared for the template (which decides nothing).

- :func:`filter_chips`: one chip per selected facet value, each a link that removes just that value
  and keeps the query, the other filters and the sort; the link starts again at page 1 (no page
  number, no cursor: the result list it pointed into is a different one).
- :func:`facet_groups`: the facets that have values; a long one shows its first values and folds
  the rest (``more``), unfolded when a selected value is among them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .facets import FACETS_BY_NAME, SearchParams
from .results import FacetResult, FacetValue

VISIBLE_VALUES = 5  # values shown before "Weitere … anzeigen"
FOLD_FROM = VISIBLE_VALUES + 3  # folding away one or two values saves nothing


@dataclass(frozen=True)
class FilterChip:
    facet: str  # the facet's label ("Art")
    label: str  # the value's label ("Forum")
    remove_url: str


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]
    more: list[FacetValue]  # folded under "Weitere … anzeigen"
    more_open: bool  # a selected value is folded: show it
    selected: int  # how many values of this facet are selected


def _without(params: SearchParams, name: str, value: str) -> SearchParams:
    filters = tuple(
        (facet, kept)
        for facet, values in params.filters
        if (kept := tuple(v for v in values if not (facet == name and v == value)))
    )
    return replace(params, filters=filters, page=1, cursor=None)


def filter_chips(params: SearchParams, *, page_key: str) -> list[FilterChip]:
    """The selected filters in the order of the facets, each with the link that removes it."""
    chips = []
    for name, values in params.filters:
        facet = FACETS_BY_NAME[name]
        for value in values:
            query = _without(params, name, value).urlencode(page_key=page_key, page=None, cursor=None)
            chips.append(FilterChip(str(facet.label), facet.label_for(value), "?" + query))
    return chips


def facet_groups(facets: list[FacetResult]) -> list[FacetGroup]:
    groups = []
    for facet in facets:
        if not facet.values:
            continue
        cut = VISIBLE_VALUES if len(facet.values) >= FOLD_FROM else len(facet.values)
        shown, more = facet.values[:cut], facet.values[cut:]
        groups.append(
            FacetGroup(
                name=facet.name,
                label=facet.label,
                values=shown,
                more=more,
                more_open=any(v.selected for v in more),
                selected=sum(v.selected for v in facet.values),
            )
        )
    return groups
