"""The alert e-mail of a saved search, with its signed one-click unsubscribe link (RFC 8058)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from cms.mail import mail_send, site_url

from ..models import SavedSearch
from .selectors import run_url
from .unsubscribe import unsubscribe_path

if TYPE_CHECKING:
    from .delivery import AlertItem


def alert(saved: SavedSearch, items: list[AlertItem], *, more: bool) -> int:
    unsubscribe_url = site_url(unsubscribe_path(saved.pk))
    return mail_send(
        template="exchange/alerts/email/alert",
        recipients=[saved.user.email],
        context={
            "person": saved.user,
            "saved": saved,
            "items": items,
            "more": more,
            "search_url": site_url(run_url(saved)),
            "manage_url": site_url(reverse("saved-searches")),
            "unsubscribe_url": unsubscribe_url,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
