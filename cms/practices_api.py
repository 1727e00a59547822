"""Best practices in the JSON API, under /api/practices (mounted by cms/api.py): read-only.

Exactly the visibility of the pages (cms.permissions): anonymous callers and people without an
approved membership read public practices, members also members-only ones and those of their working
groups, editors all. The list filters by the search's facets (values as the search shows them) and
pages. A partner contact reads their organisation's practices as last saved, drafts included
(``/practices/drafts``), as they can in the admin; editors all of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import SessionAuth
from wagtail.query import PageQuerySet

from exchange.models import Region
from exchange.people.auth import AuditedBearerTokenAuth

from .mail import site_url
from .models import TERM_FIELDS, PracticePage
from .permissions import practices_editable_by, practices_visible_to, viewer_for

MAX_PAGE_SIZE = 100
MAX_VALUE_LENGTH = 200
# filter parameter (the search facet's name) -> taxonomy field of the practice
TERM_FILTERS = {
    "target_group": "target_groups",
    "professional_field": "professional_fields",
    "phase": "phases",
    "measure_type": "measure_types",
    "incident_type": "incident_types",
    "threat_level": "threat_levels",
}


def anonymous(request: HttpRequest) -> str | None:
    """Public practices need no login: a request without credentials reads as an anonymous visitor.
    A request that brings a token which does not authenticate stays refused (401)."""
    return None if "HTTP_AUTHORIZATION" in request.META else "anonymous"


router = Router(tags=["Praxisbeispiele"], auth=[AuditedBearerTokenAuth(), SessionAuth(), anonymous])


class PracticeFilters(Schema):
    target_group: list[str] = Field(default_factory=list, description="Zielgruppe (Name, mehrfach: oder)")
    professional_field: list[str] = Field(default_factory=list, description="Berufsbereich")
    phase: list[str] = Field(default_factory=list, description="Phase: Vorsorge, Handling, Nachsorge")
    measure_type: list[str] = Field(default_factory=list, description="Art der Maßnahme")
    incident_type: list[str] = Field(default_factory=list, description="Vorfallart")
    threat_level: list[str] = Field(default_factory=list, description="Gefährdungsstufe")
    organisation: list[str] = Field(default_factory=list, description="Federführende Organisation (Name)")
    region: list[str] = Field(
        default_factory=list, description="Regierungsbezirk: " + ", ".join(Region.values)
    )
    status: list[str] = Field(
        default_factory=list, description="Stand: " + ", ".join(PracticePage.Status.values)
    )
    page: int = Field(1, ge=1, le=100_000, description="Seite (ab 1)")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="Treffer je Seite")


class OrganisationOut(Schema):
    id: int
    name: str


class PracticeOut(Schema):
    id: int
    title: str
    summary: str
    url: str
    organisation: OrganisationOut
    audience: str
    status: str
    started_year: int | None
    region: str
    target_groups: list[str]
    professional_fields: list[str]
    phases: list[str]
    measure_types: list[str]
    incident_types: list[str]
    threat_levels: list[str]
    first_published_at: datetime | None
    last_published_at: datetime | None


class PracticeDetailOut(PracticeOut):
    body: str = Field(description="Beschreibung als Text")
    costs: str
    staffing: str
    duration: str
    staff_council_involved: bool
    data_protection_involved: bool
    involvement_notes: str
    pros: str
    cons: str
    contact_name: str
    contact_role: str
    contact_email: str
    contact_phone: str


class DraftOut(PracticeDetailOut):
    live: bool = Field(description="Veröffentlicht")
    has_unpublished_changes: bool = Field(description="Gespeicherte, noch nicht veröffentlichte Änderungen")


class PracticePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[PracticeOut]


class DraftPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[DraftOut]


def _clean(name: str, values: list[str]) -> list[str]:
    cleaned = [v.strip() for v in values if v.strip()]
    for value in cleaned:
        if len(value) > MAX_VALUE_LENGTH or any(ord(c) < 32 for c in value):
            raise ValidationError(_("Ungültiger Wert für %(name)s.") % {"name": name})
    return cleaned


def _filtered(qs: PageQuerySet, filters: PracticeFilters) -> PageQuerySet:
    """Values of one filter are alternatives, different filters narrow each other (as in the search)."""
    for name, field in TERM_FILTERS.items():
        if values := _clean(name, getattr(filters, name)):
            tagged = PracticePage.term_through(field).objects.filter(term__name__in=values)
            qs = qs.filter(pk__in=tagged.values("practicepage_id"))
    for name, allowed in (("region", Region.values), ("status", PracticePage.Status.values)):
        values = _clean(name, getattr(filters, name))
        if unknown := [v for v in values if v not in allowed]:
            raise ValidationError(
                _("Unbekannter Wert „%(value)s“ für %(name)s.") % {"value": unknown[0][:60], "name": name}
            )
        if values:
            qs = qs.filter(**{f"{name}__in": values})
    if organisations := _clean("organisation", filters.organisation):
        qs = qs.filter(organisation__name__in=organisations)
    return qs


def _out(page: PracticePage, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        **{f: getattr(page, f) for f in ("id", "title", "summary", "audience", "status", "started_year")},
        "url": site_url(page.url or "/"),
        "organisation": {"id": page.organisation.pk, "name": page.organisation.name},
        "region": page.region or page.organisation.region,
        **{field: page.term_names(field) for field in TERM_FIELDS},
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }
    if detail:
        out["body"] = page.body_text()
        out.update({f: getattr(page, f) for f in DETAIL_FIELDS})
    return out


DETAIL_FIELDS = (
    *("costs", "staffing", "duration", "staff_council_involved", "data_protection_involved"),
    *("involvement_notes", "pros", "cons", "contact_name", "contact_role", "contact_email", "contact_phone"),
)


def _paged(qs: PageQuerySet, filters: PracticeFilters) -> tuple[int, list[PracticePage]]:
    start = (filters.page - 1) * filters.page_size
    return qs.count(), list(qs[start : start + filters.page_size])


@router.get("", response=PracticePageOut, summary="Praxisbeispiele (mit Filtern, seitenweise)")
def practice_list(request, filters: Query[PracticeFilters]):
    visible = practices_visible_to(viewer_for(request.user))
    qs = _filtered(visible, filters).select_related("organisation").prefetch_related(*TERM_FIELDS)
    count, pages = _paged(qs.order_by("-last_published_at", "pk"), filters)
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_out(p) for p in pages],
    }


def _draft_out(page: PracticePage) -> dict[str, Any]:
    latest = page.get_latest_revision_as_object()
    return {
        **_out(latest, detail=True),
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
    }


def _drafts(request) -> PageQuerySet:
    viewer = viewer_for(request.user)
    if not (viewer.is_editor or viewer.partner_organisation_ids):
        raise PermissionDenied(_("Nur für Ansprechpersonen der Partner und die Redaktion."))
    return practices_editable_by(viewer)


@router.get(
    "/drafts", response=DraftPageOut, summary="Eigene Praxisbeispiele in der zuletzt gespeicherten Fassung"
)
def practice_draft_list(request, filters: Query[PracticeFilters]):
    count, pages = _paged(
        _filtered(_drafts(request), filters).order_by("-latest_revision_created_at", "pk"), filters
    )
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_draft_out(p) for p in pages],
    }


@router.get(
    "/drafts/{practice_id}", response=DraftOut, summary="Eigenes Praxisbeispiel, zuletzt gespeicherte Fassung"
)
def practice_draft_detail(request, practice_id: int):
    page = _drafts(request).filter(pk=practice_id).specific().first()
    if page is None:
        raise Http404(_("Praxisbeispiel nicht gefunden."))
    return _draft_out(page)


@router.get("/{practice_id}", response=PracticeDetailOut, summary="Ein Praxisbeispiel")
def practice_detail(request, practice_id: int):
    visible = practices_visible_to(viewer_for(request.user)).select_related("organisation")
    page = visible.filter(pk=practice_id).first()
    if page is None:
        raise Http404(_("Praxisbeispiel nicht gefunden."))
    return _out(page, detail=True)
