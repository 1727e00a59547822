"""Notification e-mails (German, translation-ready), rendered from templates/exchange/notifications/email/.

Only :mod:`.delivery` calls these, inside Celery tasks, after they re-checked that the
recipient may see each thread. The mail carries the thread title, the category, the author's name
and a short excerpt of the post: nothing the recipient could not read on the site.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cms.mail import mail_send, site_url

from ..models import Notification, User

EXCERPT_WORDS = 60


def _item(notification: Notification) -> dict:
    if notification.message is not None:
        return _message_item(notification)
    post = notification.post
    assert post is not None
    return {
        "kind": notification.kind,
        "kind_label": notification.get_kind_display(),
        "thread_title": post.thread.title,
        "category_name": post.thread.category.name,
        "author": notification.actor.display_name if notification.actor else "",
        "excerpt": Truncator(" ".join(post.body.split())).words(EXCERPT_WORDS),
        "url": site_url(reverse("notification-open", args=[notification.pk])),
    }


def _message_item(notification: Notification) -> dict:
    """A direct message: the author and an excerpt, which the recipient may read (checked by
    :mod:`.delivery` just before); the others in the conversation are not named."""
    message = notification.message
    assert message is not None
    return {
        "kind": notification.kind,
        "kind_label": notification.get_kind_display(),
        "thread_title": _("Nachricht"),
        "category_name": _("Nachrichten"),
        "author": notification.actor.display_name if notification.actor else "",
        "excerpt": Truncator(" ".join(message.body.split())).words(EXCERPT_WORDS),
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
