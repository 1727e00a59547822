"""Participation: follows, the notification fan-out after a post, read state, e-mail preferences.

The fan-out and every e-mail run in Celery tasks (exchange.tasks), never in the request. Who may see
a thread is asked of :mod:`exchange.permissions` at the moment a notification is made and again when
it is mailed, so a member who lost access (or a post that was hidden) in between gets nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.query import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import markdown
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
from ..permissions import Viewer, can_view_category, can_view_thread, viewer_for, viewers_for
from ._common import _notify

DIGEST_MAX_ITEMS = 50
SWEEP_GRACE = timedelta(minutes=2)  # a task queued on commit normally runs within seconds
SWEEP_BATCH = 500
OUTBOX_KEEP = timedelta(days=7)


# --- Follows ----------------------------------------------------------------------------------


@transaction.atomic
def follow_set(
    *, user: User, level: str, thread: Thread | None = None, category: Category | None = None
) -> Follow:
    """Set the member's level for one thread or one category (creates the follow when needed)."""
    if (thread is None) == (category is None):
        raise ValueError("exactly one of thread and category")
    viewer = viewer_for(user)
    visible = can_view_thread(viewer, thread) if thread else can_view_category(viewer, category)  # type: ignore[arg-type]
    if not viewer.is_member or not visible:
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


def follow_auto(*, user: User, thread: Thread) -> Follow:
    """Authors and repliers follow the thread; an existing follow (also a muted one) stays as it is."""
    try:
        with transaction.atomic():
            follow, _created = Follow.objects.get_or_create(
                user=user, thread=thread, defaults={"level": Follow.Level.ALL}
            )
    except IntegrityError:  # a concurrent fan-out created it first
        follow = Follow.objects.get(user=user, thread=thread)
    return follow


# --- Fan-out ----------------------------------------------------------------------------------


def post_notify_record(*, post: Post) -> None:
    """Call inside the transaction that writes a post: the fan-out runs in a task after commit, and
    the outbox row lets the sweep re-queue it when that task is lost."""
    NotificationOutbox.objects.create(post=post)
    _notify("post_notify", post.pk)


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
    _notify("post_notify", post.pk)


def _may_see(user: User, thread: Thread, viewer: Viewer | None = None) -> bool:
    viewer = viewer or viewer_for(user)
    return user.is_active and viewer.is_member and can_view_thread(viewer, thread)


def _recipients(post: Post, *, first_post: bool, mentions_only: bool = False) -> dict[int, str]:
    """Who hears of the post and why: {user_id: kind}. Mentions first, then thread, then category."""
    thread = post.thread
    thread_levels = dict(Follow.objects.filter(thread=thread).values_list("user_id", "level"))
    category_levels = dict(Follow.objects.filter(category=thread.category_id).values_list("user_id", "level"))
    kinds: dict[int, str] = {}
    handles = markdown.mentions(post.body)
    for user_id in User.objects.filter(handle__in=handles).values_list("pk", flat=True) if handles else ():
        if thread_levels.get(user_id) != Follow.Level.MUTED:  # a muted thread stays silent, also for @
            kinds[user_id] = Notification.Kind.MENTION
    if mentions_only:
        kinds.pop(post.author_id or 0, None)
        return kinds
    for user_id, level in thread_levels.items():
        if level == Follow.Level.ALL:
            kinds.setdefault(user_id, Notification.Kind.REPLY)
    wanted = {Follow.Level.ALL, Follow.Level.NEW_THREADS} if first_post else {Follow.Level.ALL}
    for user_id, level in category_levels.items():
        if level in wanted and user_id not in thread_levels:  # the thread's own level wins
            kinds.setdefault(user_id, Notification.Kind.NEW_THREAD if first_post else Notification.Kind.REPLY)
    kinds.pop(post.author_id or 0, None)
    return kinds


@transaction.atomic
def notification_fanout(*, post_id: int) -> int:
    """Make the in-app notifications for a new post and queue immediate e-mails. Idempotent: a second
    run finds the rows already there (unique recipient, post, kind). Returns how many were new."""
    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    pending = NotificationOutbox.objects.select_for_update().filter(post_id=post_id, processed_at=None)
    mentions_only = any(row.mentions_only for row in pending)
    pending.update(processed_at=timezone.now())
    if post is None or post.is_hidden:
        return 0
    thread = post.thread
    prefetch_related_objects([thread.category], "working_groups")
    first_post = not thread.posts.filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    ).exists()
    if post.author is not None and post.author.is_active:
        follow_auto(user=post.author, thread=thread)
    kinds = _recipients(post, first_post=first_post, mentions_only=mentions_only)
    for done in Notification.objects.filter(post=post).values_list("recipient_id", flat=True):
        kinds.pop(done, None)  # one notification per person and post, also if follows changed since
    users = list(User.objects.filter(pk__in=kinds).order_by("pk"))
    viewers = viewers_for(users)  # the rights of everyone in three queries, not three per person
    rows = [
        Notification(
            recipient=u, post=post, kind=kinds[u.pk], actor_id=post.author_id, created_at=post.created_at
        )
        for u in users
        if _may_see(u, thread, viewers[u.pk])
    ]
    before = Notification.objects.filter(post=post).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent run: unique constraint
    created = Notification.objects.filter(post=post).count() - before
    immediate = Notification.objects.filter(
        post=post,
        emailed_at__isnull=True,
        read_at__isnull=True,
        recipient__notification_settings__email=NotificationSettings.Email.IMMEDIATE,
    )
    for notification_id in immediate.values_list("pk", flat=True):
        _notify("notification_email_send", notification_id)
    return created


def notification_sweep() -> tuple[list[int], list[int]]:
    """Beat: what lost tasks left undone. Returns (post ids to fan out, notification ids to mail)
    and prunes old processed outbox rows. Both tasks are idempotent, so re-queuing is safe."""
    now = timezone.now()
    NotificationOutbox.objects.filter(processed_at__lt=now - OUTBOX_KEEP).delete()
    posts = NotificationOutbox.objects.filter(processed_at=None, created_at__lt=now - SWEEP_GRACE)
    mails = Notification.objects.filter(
        emailed_at=None,
        read_at=None,
        recipient__notification_settings__email=NotificationSettings.Email.IMMEDIATE,
        created_at__lt=now - SWEEP_GRACE,
        created_at__gt=now - timedelta(days=2),
    )
    return (
        list(posts.order_by("created_at").values_list("post_id", flat=True)[:SWEEP_BATCH]),
        list(mails.order_by("created_at").values_list("pk", flat=True)[:SWEEP_BATCH]),
    )


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


def _email_preference(user: User) -> str:
    row = NotificationSettings.objects.filter(user=user).values_list("email", flat=True).first()
    return row or NotificationSettings.Email.DIGEST


def _mailable(notification: Notification) -> bool:
    """Re-checked at send time: the post still shown, the person still allowed to see the thread."""
    post = notification.post
    prefetch_related_objects([post.thread.category], "working_groups")
    return (
        not post.is_hidden
        and bool(notification.recipient.email)
        and _may_see(notification.recipient, post.thread)
    )


@transaction.atomic
def notification_email_send(*, notification_id: int) -> int:
    """Send one notification by e-mail, once: ``emailed_at`` is claimed under a row lock. When the
    mail fails, the transaction rolls back and a retry may send it. Returns the number of mails sent."""
    from .. import notification_emails

    notification = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("recipient", "actor", "post__thread__category")
        .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
        .first()
    )
    if (
        notification is None
        or _email_preference(notification.recipient) != NotificationSettings.Email.IMMEDIATE
    ):
        return 0
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    if not _mailable(notification):
        return 0  # marked, so it is never sent later either
    return notification_emails.notification(notification)


def notification_digest_recipients() -> list[int]:
    """Members who want a digest (explicitly or by default) and have unread, unsent notifications."""
    pending = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
    return list(
        User.objects.filter(is_active=True, notifications__in=pending)
        .exclude(
            notification_settings__email__in=[
                NotificationSettings.Email.IMMEDIATE,
                NotificationSettings.Email.OFF,
            ]
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def notification_digest_send(*, user_id: int) -> int:
    """Bundle a member's unread, unsent notifications into one mail; only what they may still see.
    All bundled rows are marked, so a second run the same day sends nothing. Returns mails sent."""
    from .. import notification_emails

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or _email_preference(user) != NotificationSettings.Email.DIGEST:
        return 0
    pending = list(
        Notification.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(recipient=user, emailed_at__isnull=True, read_at__isnull=True)
        .select_related("actor", "post__thread__category")
        .order_by("created_at", "pk")
    )
    if not pending:
        return 0
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
    for n in pending:
        n.recipient = user
    items = [n for n in pending if _mailable(n)]
    NotificationSettings.objects.update_or_create(user=user, defaults={"digest_sent_at": now})
    if not items:
        return 0
    return notification_emails.digest(
        user, items[:DIGEST_MAX_ITEMS], more=max(0, len(items) - DIGEST_MAX_ITEMS)
    )
