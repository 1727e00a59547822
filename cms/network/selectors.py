"""Reads of the public face: the partner list, the live figures, the latest news."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from cms.models import PracticePage
from exchange.access import AUDIENCE_PUBLIC
from exchange.models import Membership, Organisation, User

from .models import JoinRequest, NewsPage

FIGURES_KEY = "network:figures"


@dataclass(frozen=True)
class Figures:
    partners: int
    members: int
    practices: int


def figures_compute() -> Figures:
    """Counted from the database: active partner organisations, people with an effective membership,
    published public practices. Only numbers leave here, never a name or title."""
    members = User.objects.filter(is_active=True, memberships__in=Membership.objects.effective()).distinct()
    return Figures(
        partners=Organisation.objects.filter(status=Organisation.Status.ACTIVE).count(),
        members=members.count(),
        practices=PracticePage.objects.live().filter(audience=AUDIENCE_PUBLIC).count(),
    )


def live_figures() -> Figures:
    """:func:`figures_compute`, kept ``NETWORK_FIGURES_CACHE_SECONDS`` in the cache."""
    figures = cache.get_or_set(FIGURES_KEY, figures_compute, settings.NETWORK_FIGURES_CACHE_SECONDS)
    return figures if isinstance(figures, Figures) else figures_compute()


@dataclass(frozen=True)
class PartnerGroup:
    region: str
    region_label: str
    kinds: list[tuple[str, list[Organisation]]]  # (kind label, organisations)


def listed_partners(*, region: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Active organisations that agreed to be listed, optionally of one region and one kind."""
    found = Organisation.objects.filter(status=Organisation.Status.ACTIVE, partner_listing__isnull=False)
    if region:
        found = found.filter(region=region)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("name")


def partner_groups(*, region: str = "", kind: str = "") -> list[PartnerGroup]:
    """The listed partners grouped by Regierungsbezirk, then by kind, in the order of the choices."""
    partners = list(listed_partners(region=region, kind=kind))
    groups = []
    for region_value, region_label in Organisation.Region.choices:
        in_region = [o for o in partners if o.region == region_value]
        kinds = [
            (str(kind_label), [o for o in in_region if o.kind == kind_value])
            for kind_value, kind_label in Organisation.Kind.choices
        ]
        if in_region:
            groups.append(PartnerGroup(region_value, str(region_label), [k for k in kinds if k[1]]))
    return groups


def latest_news(limit: int = 3) -> QuerySet[NewsPage]:
    return NewsPage.objects.live().public().order_by("-date", "-pk")[:limit]


def join_requests_pending() -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).order_by("created_at")


def join_requests_decided(limit: int = 50) -> QuerySet[JoinRequest]:
    decided = JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING).select_related("organisation")
    return decided.order_by("-decided_at")[:limit]
