"""What the notification tasks run: the fan-out after a post, the sweep of lost tasks, the immediate
e-mail and the daily digest. Who may see a thread is asked again when a notification is made and
when it is mailed (:mod:`.permissions`), so a member who lost access in between gets nothing.

The functions return what must be queued next; the tasks queue it (this module imports no task).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.query import prefetch_related_objects
from django.utils import timezone

from ..access import viewer_for, viewers_for
from ..forum import markdown
from ..models import Follow, Notification, NotificationOutbox, NotificationSettings, Post, Thread, User
from . import emails
from .permissions import can_be_mailed_message, can_be_notified

DIGEST_MAX_ITEMS = 50
SWEEP_GRACE = timedelta(minutes=2)  # a task queued on commit normally runs within seconds
SWEEP_BATCH = 500
OUTBOX_KEEP = timedelta(days=7)


@dataclass(frozen=True)
class Fanout:
    created: int  # new in-app notifications
    mail_ids: list[int]  # notifications whose recipients want an e-mail at once


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
def notification_fanout(*, post_id: int) -> Fanout:
    """Make the in-app notifications for a new post; returns how many were new and which of them to
    mail at once (the task queues those mails). Idempotent: a second run finds the rows already there
    (unique recipient, post, kind) and nothing left to mail."""
    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    pending = NotificationOutbox.objects.select_for_update().filter(post_id=post_id, processed_at=None)
    mentions_only = any(row.mentions_only for row in pending)
    pending.update(processed_at=timezone.now())
    if post is None or post.is_hidden:
        return Fanout(created=0, mail_ids=[])
    prefetch_related_objects([post.thread.category], "working_groups")
    if post.author is not None and post.author.is_active:
        follow_auto(user=post.author, thread=post.thread)
    kinds = _recipients(post, first_post=_is_first_post(post), mentions_only=mentions_only)
    for done in Notification.objects.filter(post=post).values_list("recipient_id", flat=True):
        kinds.pop(done, None)  # one notification per person and post, also if follows changed since
    created = _notifications_create(post, kinds)
    immediate = Notification.objects.filter(
        post=post,
        emailed_at__isnull=True,
        read_at__isnull=True,
        recipient__notification_settings__email=NotificationSettings.Email.IMMEDIATE,
    )
    return Fanout(created=created, mail_ids=list(immediate.values_list("pk", flat=True)))


def _is_first_post(post: Post) -> bool:
    return not post.thread.posts.filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    ).exists()


def _notifications_create(post: Post, kinds: dict[int, str]) -> int:
    """One notification per person who may see the thread now; returns how many are new."""
    users = list(User.objects.filter(pk__in=kinds).order_by("pk"))
    viewers = viewers_for(users)  # the rights of everyone in three queries, not three per person
    rows = [
        Notification(
            recipient=u, post=post, kind=kinds[u.pk], actor_id=post.author_id, created_at=post.created_at
        )
        for u in users
        if can_be_notified(viewers[u.pk], u, post.thread)
    ]
    before = Notification.objects.filter(post=post).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent run: unique constraint
    return Notification.objects.filter(post=post).count() - before


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


def _email_preference(user: User) -> str:
    row = NotificationSettings.objects.filter(user=user).values_list("email", flat=True).first()
    return row or NotificationSettings.Email.DIGEST


def _mailable(notification: Notification) -> bool:
    """Re-checked at send time: the post still shown, the person still allowed to see the thread
    (for a direct message: still a reader of the conversation, the text still shown)."""
    if notification.message_id is not None:
        recipient = notification.recipient
        return bool(recipient.email) and can_be_mailed_message(viewer_for(recipient), recipient, notification)
    post = notification.post
    assert post is not None
    prefetch_related_objects([post.thread.category], "working_groups")
    return (
        not post.is_hidden
        and bool(notification.recipient.email)
        and can_be_notified(viewer_for(notification.recipient), notification.recipient, post.thread)
    )


@transaction.atomic
def notification_email_send(*, notification_id: int) -> int:
    """Send one notification by e-mail, once: ``emailed_at`` is claimed under a row lock. When the
    mail fails, the transaction rolls back and a retry may send it. Returns the number of mails sent."""
    notification = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("recipient", "actor", "post__thread__category", "message__conversation")
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
    return emails.notification(notification)


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
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or _email_preference(user) != NotificationSettings.Email.DIGEST:
        return 0
    pending = list(
        Notification.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(recipient=user, emailed_at__isnull=True, read_at__isnull=True)
        .select_related("actor", "post__thread__category", "message__conversation")
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
    return emails.digest(user, items[:DIGEST_MAX_ITEMS], more=max(0, len(items) - DIGEST_MAX_ITEMS))
