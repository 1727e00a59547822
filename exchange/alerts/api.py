"""Saved searches in the JSON API, under /api/saved-searches (mounted by cms/api.py): the token
owner's own searches only; the same services as the pages, so the same checks and German errors."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status

from ..access import member_viewer
from ..models import SavedSearch
from . import selectors, services

router = Router(tags=["Gespeicherte Suchen"])

FREQUENCY_HELP = "daily (täglich) | weekly (wöchentlich) | none (keine E-Mail)"


class SavedSearchIn(Schema):
    name: str = Field(max_length=100, description="Name der Suche")
    query: str = Field("", max_length=1000, description="Suchbegriffe wie auf der Suchseite (q)")
    filters: dict[str, list[str]] = Field(
        default_factory=dict,
        description='Filter wie auf der Suchseite, z. B. {"phase": ["Vorsorge"], "sort": ["date"]}',
    )
    frequency: str = Field("weekly", max_length=10, description=FREQUENCY_HELP)


class SavedSearchPatch(Schema):
    name: str | None = Field(None, max_length=100)
    frequency: str | None = Field(None, max_length=10, description=FREQUENCY_HELP)


class SavedSearchOut(Schema):
    id: int
    name: str
    query: str
    filters: dict[str, list[str]]
    frequency: str
    last_sent_at: datetime
    created_at: datetime
    search_url: str = Field(description="Die Suchseite mit dieser Suche")


def _out(saved: SavedSearch) -> dict:
    return {
        **{f: getattr(saved, f) for f in ("id", "name", "query", "filters", "frequency")},
        **{"last_sent_at": saved.last_sent_at, "created_at": saved.created_at},
        "search_url": selectors.run_url(saved),
    }


@router.get("", response=list[SavedSearchOut], summary="Eigene gespeicherte Suchen")
def saved_search_list(request):
    member_viewer(request.user)
    return [_out(saved) for saved in selectors.saved_searches_of(request.user)]


@router.post("", response={201: SavedSearchOut}, summary="Suche speichern")
def saved_search_create(request, payload: SavedSearchIn):
    member_viewer(request.user)
    params = services.payload_params(query=payload.query, filters=payload.filters)
    saved = services.saved_search_create(
        user=request.user, name=payload.name, params=params, frequency=payload.frequency
    )
    return Status(201, _out(saved))


@router.patch(
    "/{saved_search_id}", response=SavedSearchOut, summary="Umbenennen oder E-Mail-Häufigkeit ändern"
)
def saved_search_update(request, saved_search_id: int, payload: SavedSearchPatch):
    member_viewer(request.user)
    saved = services.saved_search_update(
        user=request.user, saved_search_id=saved_search_id, name=payload.name, frequency=payload.frequency
    )
    return _out(saved)


@router.delete("/{saved_search_id}", response={204: None}, summary="Gespeicherte Suche löschen")
def saved_search_delete(request, saved_search_id: int):
    member_viewer(request.user)
    services.saved_search_delete(user=request.user, saved_search_id=saved_search_id)
    return Status(204, None)
