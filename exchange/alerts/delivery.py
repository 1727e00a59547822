"""What the alert tasks run: which saved searches are due, and one alert, sent at most once.

Newness and visibility are decided when the alert is sent, not when the search was saved: the
saved search runs through the search service with the member's viewer *now* (so the index's
permission filter applies), and every hit is checked again against the database with the same
rules as the pages (``cms.permissions``, ``exchange.forum.permissions``). A hit is new when the
practice was published, or the thread had activity (a new thread or a new post), after the last
alert window.

Exactly once, as far as e-mail allows: the saved search's row is claimed with ``SELECT … FOR UPDATE
SKIP LOCKED`` *and* a due condition; ``last_sent_at`` moves on and the mail is handed to the mail
server in that same transaction. A crash or a mail error before the commit rolls the move back, so
the search stays due and the next beat sends it (a lost task loses nothing); a task delivered twice
finds the row locked or no longer due (it sends nothing twice). The remaining window is a crash
between the mail server's acceptance and the commit, which may repeat one alert.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cms.mail import site_url
from cms.permissions import practices_visible_to
from search import queries

from ..access import Viewer, viewer_for
from ..forum.permissions import threads_visible_to
from ..models import SavedSearch
from . import emails
from .services import saved_search_params

SEARCH_DEPTH = 50  # newest hits read per alert
MAX_ITEMS = 25  # listed in one e-mail; the rest behind the link to the search
DUE_SLACK = timedelta(minutes=30)  # the beat runs every 15 minutes: a day is "about a day"
DUE_BATCH = 1000


@dataclass(frozen=True)
class AlertItem:
    kind: str  # "practice" | "new_thread" | "thread_activity"
    title: str
    url: str  # absolute
    date: datetime


def due_filter(now: datetime) -> Q:
    due = Q(pk__in=[])
    for frequency, period in SavedSearch.PERIODS.items():
        due |= Q(frequency=frequency, last_sent_at__lte=now - period + DUE_SLACK)
    return due & Q(user__is_active=True)


def saved_searches_due(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = SavedSearch.objects.filter(due_filter(now)).order_by("last_sent_at", "pk")
    return list(due.values_list("pk", flat=True)[:DUE_BATCH])


def alert_items(saved: SavedSearch, viewer: Viewer, *, since: datetime, until: datetime) -> list[AlertItem]:
    """What is new in the saved search between ``since`` and ``until`` and visible to ``viewer`` now,
    newest first. Raises ``SearchUnavailable`` when the search server cannot answer."""
    params = replace(
        saved_search_params(saved),
        sort="date",
        page=1,
        cursor=None,
        autocorrect=False,
        page_size=SEARCH_DEPTH,
    )
    hits = queries.search(viewer, params=params).hits
    practice_ids = [h.id for h in hits if h.type == "practice"]
    thread_ids = [h.id for h in hits if h.type == "thread"]
    items: dict[tuple[str, int], AlertItem] = {}
    window = Q(last_published_at__gt=since, last_published_at__lte=until)
    for page in practices_visible_to(viewer).filter(window, pk__in=practice_ids):
        items["practice", page.pk] = AlertItem(
            "practice", page.title, site_url(page.url or "/"), page.last_published_at
        )
    threads = threads_visible_to(viewer).filter(
        pk__in=thread_ids, last_activity_at__gt=since, last_activity_at__lte=until
    )
    for thread in threads:
        kind = "new_thread" if thread.created_at > since else "thread_activity"
        url = site_url(reverse("forum-thread", args=[thread.pk]))
        items["thread", thread.pk] = AlertItem(kind, thread.title, url, thread.last_activity_at)
    order = [("practice" if h.type == "practice" else "thread", h.id) for h in hits]
    return [items[key] for key in order if key in items]


def alert_send(*, saved_search_id: int, now: datetime | None = None) -> int:
    """Send one due saved search's alert; returns the number of e-mails sent (0 or 1)."""
    with transaction.atomic():
        saved = (
            SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(due_filter(now or timezone.now()), pk=saved_search_id)
            .first()
        )
        if saved is None:  # not due (any more), deleted, or another worker holds it right now
            return 0
        since, until = saved.last_sent_at, timezone.now()
        saved.last_sent_at = until
        saved.save(update_fields=["last_sent_at"])
        viewer = viewer_for(saved.user)
        if not (viewer.is_member and saved.user.email):
            return 0  # no member any more: nothing is sent, and the window moves on
        items = alert_items(saved, viewer, since=since, until=until)
        if not items:
            return 0
        # Inside the transaction: if the mail server refuses, ``last_sent_at`` rolls back.
        return emails.alert(saved, items[:MAX_ITEMS], more=len(items) > MAX_ITEMS)
