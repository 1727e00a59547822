"""Forum moderation by the editors: flags, hide/restore, lock, pin, move, merge, notes.

Each action checks :func:`exchange.forum.permissions.can_moderate`, writes in one transaction, lands in
the audit log and, where search shows something different afterwards, records a "thread" outbox row.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from search import outbox

from ...access import viewer_for
from ...membership.audit import audit_record
from ...models import AuditEvent, Category, Flag, ModerationNote, Post, Thread, ThreadRead, User
from ...validation import MAX_REASON, clean_text
from ..permissions import can_react_to, can_view_post, can_view_thread, is_own_post, moderator_required


def _require_moderator(actor: User) -> None:
    moderator_required(viewer_for(actor))


@transaction.atomic
def flag_create(*, reporter: User, post: Post, reason: str) -> Flag:
    """A member reports a post to the editors; one open report per member and post."""
    viewer = viewer_for(reporter)
    if is_own_post(viewer, post) and can_view_post(viewer, post):
        raise ValidationError(_("Eigene Beiträge können Sie nicht melden; Sie können sie bearbeiten."))
    if not can_react_to(viewer, post):
        raise PermissionDenied
    reason = clean_text(reason, field="reason", max_length=MAX_REASON)
    try:
        with transaction.atomic():
            return Flag.objects.create(post=post, reporter=reporter, reason=reason)
    except IntegrityError as exc:
        raise ValidationError(_("Sie haben diesen Beitrag bereits gemeldet.")) from exc


@transaction.atomic
def flag_resolve(*, actor: User, post: Post, ip_address: str | None = None) -> int:
    """Close every open report of a post (after acting on it or deciding it is fine)."""
    _require_moderator(actor)
    count = Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    )
    audit_record(
        kind=AuditEvent.Kind.FLAG_RESOLVED,
        actor=actor,
        subject=post.author,
        ip_address=ip_address,
        detail={"thread_id": post.thread_id, "post_id": post.pk, "flags": count},
    )
    return count


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str = "", ip_address: str | None = None) -> Post:
    """Hide a post from members everywhere (thread page, search, API); moderators still see it."""
    _require_moderator(actor)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.is_hidden:
        return locked
    locked.is_hidden, locked.hidden_at, locked.hidden_by = True, timezone.now(), actor
    locked.save(update_fields=["is_hidden", "hidden_at", "hidden_by"])
    Thread.objects.filter(pk=locked.thread_id).update(post_count=F("post_count") - 1)
    Thread.objects.filter(pk=locked.thread_id, solution=locked).update(solution=None)
    Flag.objects.filter(post=locked, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    )
    audit_record(
        kind=AuditEvent.Kind.POST_HIDDEN,
        actor=actor,
        subject=locked.author,
        ip_address=ip_address,
        detail={"thread_id": locked.thread_id, "post_id": locked.pk, "reason": reason[:MAX_REASON]},
    )
    outbox.record(outbox.THREAD, [locked.thread_id])
    return locked


@transaction.atomic
def post_restore(*, actor: User, post: Post, ip_address: str | None = None) -> Post:
    _require_moderator(actor)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if not locked.is_hidden:
        return locked
    locked.is_hidden, locked.hidden_at, locked.hidden_by = False, None, None
    locked.save(update_fields=["is_hidden", "hidden_at", "hidden_by"])
    Thread.objects.filter(pk=locked.thread_id).update(post_count=F("post_count") + 1)
    audit_record(
        kind=AuditEvent.Kind.POST_RESTORED,
        actor=actor,
        subject=locked.author,
        ip_address=ip_address,
        detail={"thread_id": locked.thread_id, "post_id": locked.pk},
    )
    outbox.record(outbox.THREAD, [locked.thread_id])
    return locked


@transaction.atomic
def thread_lock(*, actor: User, thread: Thread, locked: bool, ip_address: str | None = None) -> Thread:
    """Lock (no more replies from members) or unlock a thread."""
    _require_moderator(actor)
    Thread.objects.filter(pk=thread.pk).update(is_locked=locked)
    thread.is_locked = locked
    audit_record(
        kind=AuditEvent.Kind.THREAD_LOCKED if locked else AuditEvent.Kind.THREAD_UNLOCKED,
        actor=actor,
        subject=thread.author,
        ip_address=ip_address,
        detail={"thread_id": thread.pk},
    )
    outbox.record(outbox.THREAD, [thread.pk])
    return thread


@transaction.atomic
def thread_pin(*, actor: User, thread: Thread, pinned: bool, ip_address: str | None = None) -> Thread:
    _require_moderator(actor)
    Thread.objects.filter(pk=thread.pk).update(is_pinned=pinned)
    thread.is_pinned = pinned
    audit_record(
        kind=AuditEvent.Kind.THREAD_PINNED if pinned else AuditEvent.Kind.THREAD_UNPINNED,
        actor=actor,
        subject=thread.author,
        ip_address=ip_address,
        detail={"thread_id": thread.pk},
    )
    return thread


@transaction.atomic
def thread_move(*, actor: User, thread: Thread, category: Category, ip_address: str | None = None) -> Thread:
    """Move a thread to another category; its audience (and search filter) follows the category."""
    _require_moderator(actor)
    if category.pk == thread.category_id:
        return thread
    previous = thread.category_id
    Thread.objects.filter(pk=thread.pk).update(category=category)
    thread.category = category
    audit_record(
        kind=AuditEvent.Kind.THREAD_MOVED,
        actor=actor,
        subject=thread.author,
        ip_address=ip_address,
        detail={"thread_id": thread.pk, "from_category_id": previous, "to_category_id": category.pk},
    )
    outbox.record(outbox.THREAD, [thread.pk])
    return thread


@transaction.atomic
def thread_merge(*, actor: User, source: Thread, target: Thread, ip_address: str | None = None) -> Thread:
    """Move every post of ``source`` into ``target`` (kept in time order) and delete ``source``."""
    _require_moderator(actor)
    if source.pk == target.pk:
        raise ValidationError(_("Ein Thema kann nicht mit sich selbst zusammengeführt werden."))
    if not can_view_thread(viewer_for(actor), target):
        raise PermissionDenied
    moved = Post.objects.filter(thread=source).update(thread=target)
    target.tags.add(*source.tags.all())
    ModerationNote.objects.filter(thread=source).update(thread=target)
    ThreadRead.objects.filter(thread=source).delete()
    stats = Post.objects.filter(thread=target, is_hidden=False).aggregate(last=Max("created_at"))
    visible = Post.objects.filter(thread=target, is_hidden=False).count()
    Thread.objects.filter(pk=target.pk).update(
        post_count=visible, last_activity_at=stats["last"] or target.last_activity_at
    )
    source_id, source_title = source.pk, source.title
    source.delete()
    audit_record(
        kind=AuditEvent.Kind.THREAD_MERGED,
        actor=actor,
        subject=target.author,
        ip_address=ip_address,
        detail={"source_id": source_id, "source_title": source_title, "target_id": target.pk, "posts": moved},
    )
    outbox.record(outbox.THREAD, [source_id, target.pk])
    target.refresh_from_db()
    return target


@transaction.atomic
def moderation_note_create(
    *, actor: User, thread: Thread, text: str, ip_address: str | None = None
) -> ModerationNote:
    _require_moderator(actor)
    text = clean_text(text, field="text", max_length=MAX_REASON)
    note = ModerationNote.objects.create(thread=thread, author=actor, text=text)
    audit_record(
        kind=AuditEvent.Kind.MODERATION_NOTE,
        actor=actor,
        subject=thread.author,
        ip_address=ip_address,
        detail={"thread_id": thread.pk, "note_id": note.pk},
    )
    return note
