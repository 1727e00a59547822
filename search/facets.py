"""What a member may ask the search for: query, facet filters, sort, page or cursor, validated.

The search page and the JSON API read their parameters through :func:`params_from`, so both accept
and refuse the same things; a refusal is an :class:`InvalidSearch` with a German message (400).

Facets combine the usual way: values of one facet are alternatives (OR), different facets narrow
each other (AND). The counts of a facet are computed with the filters of all *other* facets, so a
member sees how many hits each alternative would give (search.queries builds the aggregations).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .analysis import MAX_QUERY_LENGTH, clean_query
from .documents import FACET_TYPES, REGION_LABELS

TYPES: tuple[str, ...] = tuple(FACET_TYPES)
SORTS = ("relevance", "date")
PAGE_SIZE = 10
MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 200
MAX_CURSOR_LENGTH = 2000
AUTOCORRECT_VALUES = {"1": True, "true": True, "": True, "0": False, "false": False}

TYPE_LABELS: dict[str, str | Promise] = {kind: document.label for kind, document in FACET_TYPES.items()}


class InvalidSearch(ValueError):
    """A parameter the search cannot use; ``str(exc)`` is the message for the member (German)."""


def _year(value: str) -> str:
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise InvalidSearch(_("Ungültiges Jahr: %(value)s") % {"value": value[:20]})
    return str(int(value))


@dataclass(frozen=True)
class Facet:
    name: str  # parameter and API name
    field: str  # keyword field in the index (search.documents)
    label: Promise
    size: int = 20
    by_value: bool = False  # buckets ordered by value (newest year first) instead of by count
    choices: Callable[[], Mapping[str, str | Promise]] | None = None  # allowed values and labels
    convert: Callable[[str], str] | None = None
    # Posts carry this value: counted per thread (a search hit), not per post (search.queries).
    grouped: bool = False

    def clean(self, value: str) -> str:
        value = value.strip()
        if not value or len(value) > MAX_VALUE_LENGTH:
            raise InvalidSearch(_("Ungültiger Wert für %(facet)s.") % {"facet": self.label})
        if self.convert is not None:
            value = self.convert(value)
        if self.choices is not None and value not in self.choices():
            raise InvalidSearch(
                _("Unbekannter Wert „%(value)s“ für %(facet)s.") % {"value": value[:60], "facet": self.label}
            )
        return value

    def label_for(self, value: str) -> str:
        if self.choices is not None:
            return str(self.choices().get(value, value))
        return value

    def term_values(self, values: Sequence[str]) -> list[str | int]:
        return [int(v) for v in values] if self.name == "year" else list(values)


FACETS: tuple[Facet, ...] = (
    Facet(
        "type",
        "type",
        gettext_lazy("Art"),
        choices=lambda: {t: TYPE_LABELS.get(t, t) for t in TYPES},
        grouped=True,
    ),
    Facet("target_group", "target_groups", gettext_lazy("Zielgruppe"), size=30),
    Facet("professional_field", "professional_fields", gettext_lazy("Berufsbereich"), size=30),
    Facet("phase", "phases", gettext_lazy("Phase")),
    Facet("measure_type", "measure_types", gettext_lazy("Art der Maßnahme")),
    Facet("incident_type", "incident_types", gettext_lazy("Vorfallart"), size=30),
    Facet("organisation", "organisation", gettext_lazy("Organisation"), size=30),
    Facet("region", "region", gettext_lazy("Region"), choices=lambda: REGION_LABELS),
    Facet("year", "year", gettext_lazy("Jahr"), size=30, by_value=True, convert=_year, grouped=True),
)
FACETS_BY_NAME = {f.name: f for f in FACETS}


@dataclass(frozen=True)
class SearchParams:
    """One validated search request. ``filters`` maps facet names to the selected values."""

    query: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort: str = "relevance"
    page: int = 1
    cursor: str | None = None
    page_size: int = field(default=PAGE_SIZE, compare=False)
    # False: search the words as typed even when they find nothing and a correction is certain
    # ("Stattdessen nach … suchen"; parameter ``autocorrect=0``).
    autocorrect: bool = True

    @property
    def filter_map(self) -> dict[str, tuple[str, ...]]:
        return dict(self.filters)

    @property
    def has_filters(self) -> bool:
        return bool(self.filters)

    def fingerprint(self) -> str:
        """What a cursor belongs to: the same query, filters and sort."""
        key = json.dumps([self.query, self.filters, self.sort], ensure_ascii=False)
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def selected(self, facet: str, value: str) -> bool:
        return value in self.filter_map.get(facet, ())

    def query_items(self, *, page_key: str = "page", **changes: object) -> list[tuple[str, str]]:
        """The parameters as (name, value) pairs, for links; ``changes`` replace single ones."""
        items: list[tuple[str, str]] = []
        if self.query:
            items.append(("q", self.query))
        for name, values in self.filters:
            items += [(name, v) for v in values]
        if self.sort != "relevance":
            items.append(("sort", self.sort))
        if not self.autocorrect:
            items.append(("autocorrect", "0"))
        for key, value in changes.items():
            name = page_key if key == "page" else key
            items = [(k, v) for k, v in items if k != name]
            if value is not None:
                items.append((name, str(value)))
        return items

    def urlencode(self, *, page_key: str = "page", **changes: object) -> str:
        return urlencode(self.query_items(page_key=page_key, **changes))


def params_from(
    data: object,
    *,
    page_key: str = "page",
    strict: bool = True,
    page_size: int = PAGE_SIZE,
    max_result_window: int = 10_000,
) -> SearchParams:
    """Validate request parameters (a QueryDict or a dict of lists).

    ``strict`` (the API) refuses an over-long query and a malformed page number; the search page
    shortens the query and starts at page 1 instead, as a person would expect.
    """

    def getlist(name: str) -> list[str]:
        if hasattr(data, "getlist"):
            return list(data.getlist(name))
        value = data.get(name, []) if isinstance(data, Mapping) else []
        return [value] if isinstance(value, str) else list(value)

    raw = (getlist("q") or [""])[0]
    if strict and len(raw) > MAX_QUERY_LENGTH:
        raise InvalidSearch(
            _("Die Suchanfrage ist zu lang (höchstens %(max)d Zeichen).") % {"max": MAX_QUERY_LENGTH}
        )
    query = clean_query(raw)

    filters: list[tuple[str, tuple[str, ...]]] = []
    for facet in FACETS:
        values = [v for v in getlist(facet.name) if v != ""]
        if not values:
            continue
        if len(values) > MAX_VALUES_PER_FACET:
            raise InvalidSearch(_("Zu viele Werte für %(facet)s.") % {"facet": facet.label})
        cleaned = tuple(sorted({facet.clean(v) for v in values}))
        filters.append((facet.name, cleaned))

    sort = (getlist("sort") or ["relevance"])[0] or "relevance"
    if sort not in SORTS:
        raise InvalidSearch(_("Unbekannte Sortierung: %(sort)s") % {"sort": sort[:40]})

    page_raw = (getlist(page_key) or ["1"])[0] or "1"
    max_page = max(1, max_result_window // page_size)
    if not page_raw.isdigit() or int(page_raw) < 1:
        if strict:
            raise InvalidSearch(_("Die Seitenzahl muss eine ganze Zahl ab 1 sein."))
        page_raw = "1"
    page = int(page_raw[:9])
    if page > max_page:
        if strict:
            raise InvalidSearch(
                _("Seiten nach %(max)d erreichen Sie über den Verweis „Weiter“ (cursor).") % {"max": max_page}
            )
        page = max_page

    autocorrect = (getlist("autocorrect") or ["1"])[0].lower()
    if autocorrect not in AUTOCORRECT_VALUES:
        if strict:
            raise InvalidSearch(_("autocorrect muss 1 oder 0 sein."))
        autocorrect = "1"

    cursor = (getlist("cursor") or [""])[0] or None
    if cursor is not None and len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidSearch(_("Ungültiger Blätter-Verweis."))
    return SearchParams(
        query=query,
        filters=tuple(filters),
        sort=sort,
        page=page,
        cursor=cursor,
        page_size=page_size,
        autocorrect=AUTOCORRECT_VALUES[autocorrect],
    )
