"""Reads of saved searches: a member's list, one of them, and the link that runs it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from search.facets import FACETS_BY_NAME

from ..models import SavedSearch, User
from .services import saved_search_params


@dataclass(frozen=True)
class SavedSearchRow:
    saved: SavedSearch
    run_url: str
    description: list[str]  # the query, each filter with its values, the sort


def saved_searches_of(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("name", "pk")


def saved_search_access(user: User, pk: int) -> SavedSearch:
    """One of the member's own saved searches, else 404 (another person's does not exist for them)."""
    saved = SavedSearch.objects.filter(pk=pk, user=user).first()
    if saved is None:
        raise Http404(_("Diese gespeicherte Suche gibt es nicht."))
    return saved


def run_url(saved: SavedSearch) -> str:
    """The search page with the saved query and filters."""
    return f"{reverse('search')}?{saved_search_params(saved).urlencode()}"


def description(saved: SavedSearch) -> list[str]:
    """What the saved search looks for, as the search page labels it."""
    params = saved_search_params(saved)
    parts = [f"„{params.query}“"] if params.query else []
    for name, values in params.filters:
        facet = FACETS_BY_NAME[name]
        parts.append(f"{facet.label}: {', '.join(facet.label_for(v) for v in values)}")
    if params.sort == "date":
        parts.append(_("neueste zuerst"))
    return parts


def saved_search_rows(user: User) -> list[SavedSearchRow]:
    return [SavedSearchRow(saved, run_url(saved), description(saved)) for saved in saved_searches_of(user)]
