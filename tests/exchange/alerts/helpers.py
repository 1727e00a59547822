"""Shared by the saved-search tests: a member's saved search made due, and a mail server that fails."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from exchange.alerts import services
from exchange.models import SavedSearch
from search.facets import params_from


class BrokenMailServer(BaseEmailBackend):
    """The outside world failing: the mail server drops the connection (EMAIL_BACKEND in a test)."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Verbindung verloren")


def saved_search(user, query="Hausverbot", *, frequency="daily", days_ago=2, **filters) -> SavedSearch:
    """A saved search whose last alert window ended ``days_ago`` days ago (so it is due)."""
    saved = services.saved_search_create(
        user=user,
        name=f"Suche {query}",
        params=params_from({"q": [query], **filters}),
        frequency=frequency,
    )
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timedelta(days=days_ago))
    saved.refresh_from_db()
    return saved


def age(page, *, days: int) -> None:
    """Pretend a practice was published ``days`` ago (before the alert window)."""
    when = timezone.now() - timedelta(days=days)
    type(page).objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
