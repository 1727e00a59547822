"""Notification e-mails (German, translation-ready), rendered from templates/exchange/notifications/email/.

Only :mod:`.delivery` calls these, inside Celery tasks, after they re-checked that the
recipient may see each thread. The mail carries the thread title, the category, the author's name
and a short excerpt of the post: nothing the recipient could not read on the site.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator

from cms.mail import mail_send, site_url

from ..models import Notification, User

EXCERPT_WORDS = 60


def _item(notification: Notification) -> dict:
    post = notification.post
    return {
        "kind": notification.kind,
        "kind_label": notification.get_kind_display(),
        "thread_title": post.thread.title,
        "category_name": post.thread.category.name,
        "author": notification.actor.display_name if notification.actor else "",
        "excerpt": Truncator(" ".join(post.body.split())).words(EXCERPT_WORDS),
        "url": site_url(reverse("notification-open", args=[notification.pk])),
    }


def _settings_url() -> str:
    return site_url(reverse("notification-settings"))


def notification(notification: Notification) -> int:
    return mail_send(
        template="exchange/notifications/email/immediate",
        recipients=[notification.recipient.email],
        context={
            "person": notification.recipient,
            "item": _item(notification),
            "settings_url": _settings_url(),
        },
    )


def digest(user: User, notifications: list[Notification], *, more: int = 0) -> int:
    return mail_send(
        template="exchange/notifications/email/digest",
        recipients=[user.email],
        context={
            "person": user,
            "items": [_item(n) for n in notifications],
            "count": len(notifications) + more,
            "more": more,
            "list_url": site_url(reverse("notifications")),
            "settings_url": _settings_url(),
        },
    )
