"""Search endpoints of the JSON API (/api/search, /api/search/autocomplete), members only.

Parameters are read through :func:`search.facets.params_from`, the same validation as the search
page; everything is declared as text here so that a malformed value reaches it and gets a 400 with
a German message (instead of ninja's generic 422). The error answers (400, 401, 403, 503) are
documented for these operations by the project API (cms/api.py), with its one error schema.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from . import indexes, queries
from .analytics import analytics_record_search
from .client import SearchUnavailable
from .facets import InvalidSearch, params_from
from .permissions import Viewer, viewer_for
from .suggest import autocomplete as autocomplete_titles

router = Router(tags=["Suche"])

UNAVAILABLE_MESSAGE = gettext_lazy(
    "Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es in einigen Minuten erneut."
)


class SearchIn(Schema):
    """Documentation of the parameters; validation is :func:`search.facets.params_from`."""

    q: str = Field(
        "", description='Suchbegriffe; "…" für Phrasen, -Wort schließt aus (höchstens 200 Zeichen)'
    )
    type: list[str] = Field([], description="practice, thread, guide")
    target_group: list[str] = Field([], description="Zielgruppe (Name des Schlagworts)")
    professional_field: list[str] = Field([], description="Berufsbereich")
    phase: list[str] = Field([], description="Phase")
    measure_type: list[str] = Field([], description="Art der Maßnahme")
    incident_type: list[str] = Field([], description="Vorfallart")
    organisation: list[str] = Field([], description="Federführende Organisation (Name)")
    region: list[str] = Field([], description="arnsberg, detmold, duesseldorf, koeln, muenster, landesweit")
    year: list[str] = Field([], description="Jahr des angezeigten Datums")
    sort: str = Field("relevance", description="relevance oder date")
    page: str = Field("1", description="Seite ab 1, innerhalb des Ergebnisfensters")
    cursor: str | None = Field(None, description="Blätter-Verweis aus dem Link-Header")
    autocorrect: str = Field(
        "1",
        description="1: findet q nichts und ist die Korrektur eindeutig, kommen die Treffer der "
        "korrigierten Anfrage (siehe results_for); 0: q genau wie eingegeben suchen",
    )


class ResultOut(Schema):
    type: str
    id: int = Field(description="Praxisbeispiel: Seiten-ID; Forum: ID des Themas")
    title: str
    url: str = Field(description="Forum: die Seite des Themas mit dem passenden Beitrag, mit Anker")
    snippet: str
    organisation: str
    date: datetime | None = Field(description="Forum: wann der passende Beitrag geschrieben wurde")
    score: float
    post_id: int | None = Field(None, description="Forum: der am besten passende Beitrag des Themas")
    author: str = Field("", description="Forum: Verfasser:in dieses Beitrags")
    matching_posts: int = Field(1, description="Forum: wie viele Beiträge des Themas passen")


class FacetValueOut(Schema):
    value: str
    count: int


class SearchOut(Schema):
    count: int
    results: list[ResultOut]
    facets: dict[str, list[FacetValueOut]]
    suggestion: str | None = Field(description="Korrigierte Anfrage („Meinten Sie …?“), sonst null")
    results_for: str | None = Field(
        None,
        description="Gesetzt, wenn count, results und facets für diese korrigierte Anfrage statt für q "
        "gelten („Ergebnisse für … (statt …)“); mit autocorrect=0 sucht man q wie eingegeben",
    )


class CompletionOut(Schema):
    type: str
    id: int
    title: str
    url: str


class AutocompleteOut(Schema):
    results: list[CompletionOut]


def _member(request: HttpRequest) -> Viewer:
    viewer = viewer_for(request.user)
    if not viewer.is_member:
        raise HttpError(403, _("Nur für freigegebene Mitglieder."))
    return viewer


@router.get(
    "",
    url_name="search",
    response=SearchOut,
    summary="Volltextsuche über Praxisbeispiele und Forum",
    description=(
        "Durchsucht alles, was die angemeldete Person sehen darf. Facetten-Parameter dürfen mehrfach "
        "vorkommen (Werte einer Facette: oder; verschiedene Facetten: und). Die Zahlen einer Facette "
        "berücksichtigen die Auswahl aller anderen Facetten, nicht ihre eigene. `snippet` ist HTML: "
        "escapter Text mit `<mark>` um die Fundstellen. Seiten bis zum Ergebnisfenster per `page`; "
        'die nächste Seite steht immer im `Link`-Header (`rel="next"`), jenseits des Fensters '
        "als `cursor`. Ungültige Parameter: 400; Suche nicht erreichbar: 503."
    ),
)
def search(request: HttpRequest, response: HttpResponse, filters: Query[SearchIn]):
    viewer = _member(request)
    try:
        params = params_from(request.GET, max_result_window=indexes.max_result_window())
        results = queries.search(viewer, params=params)
    except InvalidSearch as exc:
        raise HttpError(400, str(exc)) from exc
    except SearchUnavailable as exc:
        raise HttpError(503, str(UNAVAILABLE_MESSAGE)) from exc
    analytics_record_search(params, results, source="api")
    if results.has_next:
        if results.next_is_numbered:
            link = results.params.urlencode(page=results.page + 1)
        else:
            link = results.params.urlencode(page=None, cursor=results.next_cursor)
        response["Link"] = f'<{request.path}?{link}>; rel="next"'
    body = {
        "count": results.count,
        "results": [
            {
                "type": h.type,
                "id": h.id,
                "title": h.title,
                "url": h.url,
                "snippet": str(h.snippet),
                "organisation": h.organisation,
                "date": h.date,
                "score": h.score,
                "post_id": h.post_id,
                "author": h.author,
                "matching_posts": h.matching,
            }
            for h in results.hits
        ],
        "facets": {f.name: [{"value": v.value, "count": v.count} for v in f.values] for f in results.facets},
        "suggestion": results.suggestion,
        "results_for": results.query if results.corrected_from else None,
    }
    return Status(200, body)


@router.get(
    "/autocomplete",
    url_name="search_autocomplete",
    response=AutocompleteOut,
    summary="Titel-Vorschläge während der Eingabe",
    description="Bis zu acht Titel, deren Wörter mit der Eingabe beginnen; ab zwei Zeichen.",
)
def autocomplete(request: HttpRequest, q: str = ""):
    viewer = _member(request)
    if len(q) > 200:
        raise HttpError(400, _("Die Eingabe ist zu lang (höchstens 200 Zeichen)."))
    try:
        items = autocomplete_titles(viewer, q)
    except SearchUnavailable as exc:
        raise HttpError(503, str(UNAVAILABLE_MESSAGE)) from exc
    return Status(200, {"results": [vars(c) for c in items]})
