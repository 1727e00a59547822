"""The editors' desk: panels on the Wagtail dashboard with what waits for the person logged in.

Each panel counts and links only what this person may act on, decided by the rules of the
sub-domain it comes from (membership, practice, forum and search permissions): editors see
everything, a partner contact the memberships and practices of their own organisation. A panel is
hidden from people without the role it needs, and says briefly "nothing waits" to those with it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

from exchange.access import Viewer, viewer_for
from exchange.forum.permissions import can_moderate
from exchange.forum.selectors import flag_queue, post_url
from exchange.membership.permissions import memberships_decidable_by
from exchange.models import Membership
from search import analytics
from search.models import SearchQueryLog
from search.permissions import can_view_search_report

from .permissions import can_create_practice, practices_editable_by

SHOWN = 5  # items listed per panel; the count and the "all" link cover the rest
WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class DeskItem:
    label: str
    url: str = ""
    meta: str = ""


@dataclass(frozen=True)
class DeskEntry:
    """What one panel shows: a heading with the count, the first items, a link to all of them."""

    key: str
    heading: str
    count: int
    items: list[DeskItem]
    empty: str
    more_url: str = ""
    more_label: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


def _admin_edit(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


# --- What waits, per panel (None: the person has not the role for this panel) -------------------


def desk_memberships(user: Any, viewer: Viewer) -> DeskEntry | None:
    """Pending requests of the organisations the person manages (never their own request)."""
    if not (viewer.is_editor or viewer.partner_organisation_ids):
        return None
    waiting = (
        memberships_decidable_by(viewer)
        .filter(status=Membership.Status.PENDING)
        .exclude(user_id=viewer.user_id or 0)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
    count = waiting.count()
    queue = reverse("membership-list")
    items = [
        DeskItem(
            label=m.user.get_full_name() or m.user.email,
            url=queue,
            meta=f"{m.organisation.name} · {timezone.localtime(m.created_at):%d.%m.%Y}",
        )
        for m in waiting[:SHOWN]
    ]
    return DeskEntry(
        key="memberships",
        heading=_("Mitgliedschaften warten auf Freigabe"),
        count=count,
        items=items,
        empty=_("Keine Anträge offen."),
        more_url=queue,
        more_label=_("Zu den Anträgen"),
    )


def desk_reviews(user: Any, viewer: Viewer) -> DeskEntry | None:
    """Practices in the review workflow whose current task this person may decide."""
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(revision__base_content_type__model="page")
        .select_related("revision")
        .order_by("started_at", "pk")
    )
    started = {int(s.revision.object_id): s.started_at for s in states}
    pages = list(practices_editable_by(user).filter(pk__in=started).select_related("organisation"))
    if not pages and not viewer.is_editor:
        return None
    pages.sort(key=lambda p: (started[p.pk], p.pk))
    items = [
        DeskItem(
            label=p.title,
            url=_admin_edit(p.pk),
            meta=f"{p.organisation.name} · {timezone.localtime(started[p.pk]):%d.%m.%Y}",
        )
        for p in pages[:SHOWN]
    ]
    return DeskEntry(
        key="reviews",
        heading=_("Praxisbeispiele in Prüfung"),
        count=len(pages),
        items=items,
        empty=_("Nichts zu prüfen."),
    )


def _reports(n: int) -> str:
    return ngettext("%(n)s Meldung", "%(n)s Meldungen", n) % {"n": n}


def desk_flags(user: Any, viewer: Viewer) -> DeskEntry | None:
    """Posts members reported to the editors (moderators only), as in the moderation queue."""
    if not can_moderate(viewer):
        return None
    flagged = flag_queue(viewer)  # the moderation queue's own order: oldest report first
    count = flagged.count()
    items = [
        DeskItem(
            label=post.thread.title,
            url=post_url(viewer, post),
            meta=_reports(len(post.open_flags)),  # type: ignore[attr-defined]  # flag_queue prefetches them
        )
        for post in flagged[:SHOWN]
    ]
    return DeskEntry(
        key="flags",
        heading=_("Gemeldete Beiträge"),
        count=count,
        items=items,
        empty=_("Keine offenen Meldungen."),
        more_url=reverse("forum-moderation"),
        more_label=_("Zur Moderation"),
    )


def desk_overdue(user: Any, viewer: Viewer, *, today: datetime.date | None = None) -> DeskEntry | None:
    """Practices past their review date that this person may edit."""
    if not can_create_practice(viewer):
        return None
    today = today or timezone.localdate()
    overdue = (
        practices_editable_by(viewer)
        .filter(review_date__lt=today)
        .select_related("organisation")
        .order_by("review_date", "title")
    )
    count = overdue.count()
    items = [
        DeskItem(
            label=p.title,
            url=_admin_edit(p.pk),
            meta=_("fällig seit %(date)s") % {"date": f"{p.review_date:%d.%m.%Y}"},
        )
        for p in overdue[:SHOWN]
    ]
    report = reverse("cms_overdue_practices") if viewer.is_editor else ""
    return DeskEntry(
        key="overdue",
        heading=_("Praxisbeispiele zur Überprüfung fällig"),
        count=count,
        items=items,
        empty=_("Alle Praxisbeispiele sind aktuell."),
        more_url=report,
        more_label=_("Zum Bericht") if report else "",
    )


def desk_zero_results(user: Any, viewer: Viewer, *, today: datetime.date | None = None) -> DeskEntry | None:
    """The week's most frequent searches without a hit: aggregated counts, no persons (editors only)."""
    if not can_view_search_report(user):
        return None
    today = today or timezone.localdate()
    since = today - WEEK + datetime.timedelta(days=1)
    week = SearchQueryLog.objects.filter(day__gte=since, day__lte=today, result_count=0)
    queries = analytics.query_stats(week)
    count = queries.count()
    items = [
        DeskItem(
            label=row["query"],
            meta=ngettext("%(n)s Suche", "%(n)s Suchen", row["searches"]) % {"n": row["searches"]},
        )
        for row in queries[:SHOWN]
    ]
    report = (
        reverse("search_queries_report")
        + "?"
        + urlencode({"day_after": since.isoformat(), "day_before": today.isoformat(), "zero_results": "on"})
    )
    return DeskEntry(
        key="zero-results",
        heading=_("Suchen ohne Treffer (letzte 7 Tage)"),
        count=count,
        items=items,
        empty=_("Diese Woche blieb keine Suche ohne Treffer."),
        more_url=report,
        more_label=_("Zum Bericht Suchanfragen"),
    )


DESK: list[Callable[[Any, Viewer], DeskEntry | None]] = [
    desk_memberships,
    desk_reviews,
    desk_flags,
    desk_overdue,
    desk_zero_results,
]


def desk_entries(user: Any) -> list[DeskEntry]:
    """The panels this person gets, in the desk's order."""
    viewer = viewer_for(user)
    return [entry for build in DESK if (entry := build(user, viewer)) is not None]


# --- The dashboard component ---------------------------------------------------------------------


class DeskPanel(Component):
    """One panel of the desk on the Wagtail dashboard (before Wagtail's own panels)."""

    template_name = "cms/admin/desk_panel.html"

    def __init__(self, entry: DeskEntry, order: int) -> None:
        self.entry = entry
        self.order = order
        self.name = f"desk-{entry.key}"

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"entry": self.entry, "more": max(0, self.entry.count - len(self.entry.items))}


def desk_panels(user: Any) -> list[DeskPanel]:
    return [DeskPanel(entry, order=100 + i) for i, entry in enumerate(desk_entries(user))]
