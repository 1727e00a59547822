"""Participation: follows, recording that a post needs its notifications, read state, e-mail choice.

What the request does is small: it records (in its own transaction) that a post needs a fan-out and
queues the task after commit. The fan-out and every e-mail run in Celery tasks (:mod:`.tasks`, which
call :mod:`.delivery`), never in the request.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.celery import after_commit

from ..access import viewer_for
from ..forum import markdown
from ..models import (
    Category,
    Follow,
    Notification,
    NotificationOutbox,
    NotificationSettings,
    Post,
    Thread,
    User,
)
from .permissions import can_follow
from .tasks import post_notify

# --- Follows ----------------------------------------------------------------------------------


@transaction.atomic
def follow_set(
    *, user: User, level: str, thread: Thread | None = None, category: Category | None = None
) -> Follow:
    """Set the member's level for one thread or one category (creates the follow when needed)."""
    if (thread is None) == (category is None):
        raise ValueError("exactly one of thread and category")
    if not can_follow(viewer_for(user), thread=thread, category=category):
        raise PermissionDenied
    allowed = [Follow.Level.ALL, Follow.Level.MUTED] + ([Follow.Level.NEW_THREADS] if category else [])
    if level not in allowed:
        raise ValidationError({"level": _("Ungültige Auswahl.")})
    target: dict[str, Any] = {"thread": thread} if thread else {"category": category}
    follow, _created = Follow.objects.update_or_create(user=user, defaults={"level": level}, **target)
    return follow


def follow_remove(*, user: User, thread: Thread | None = None, category: Category | None = None) -> None:
    """Stop following (no follow = the default: nothing from a category, nothing from a thread)."""
    target: dict[str, Any] = {"thread": thread} if thread else {"category": category}
    Follow.objects.filter(user=user, **target).delete()


# --- Fan-out after a post ---------------------------------------------------------------------


def post_notify_record(*, post: Post) -> None:
    """Call inside the transaction that writes a post: the fan-out runs in a task after commit, and
    the outbox row lets the sweep re-queue it when that task is lost."""
    NotificationOutbox.objects.create(post=post)
    after_commit(post_notify, post.pk)


def post_mentions_added_record(*, post: Post, before: str) -> None:
    """Call inside the transaction that edits a post: members the edit newly mentions are notified
    (mentions only; the followers heard of the post when it was written). A fan-out that has not run
    yet reads the edited text anyway, so its row stays as it is."""
    added = set(markdown.mentions(post.body)) - set(markdown.mentions(before))
    if not added:
        return
    rows = NotificationOutbox.objects.filter(post=post, processed_at__isnull=False).update(
        processed_at=None, mentions_only=True, created_at=timezone.now()
    )
    if not rows:  # pending already (it reads the edited text), or pruned long ago
        NotificationOutbox.objects.get_or_create(post=post, defaults={"mentions_only": True})
    after_commit(post_notify, post.pk)


# --- Read state -------------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification_id: int) -> Notification | None:
    """Mark one of the member's own notifications read; someone else's id is simply not found."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# --- E-mail -----------------------------------------------------------------------------------


def notification_settings_set(*, user: User, email: str) -> NotificationSettings:
    if email not in NotificationSettings.Email.values:
        raise ValidationError({"email": _("Ungültige Auswahl.")})
    settings, _created = NotificationSettings.objects.update_or_create(user=user, defaults={"email": email})
    return settings
