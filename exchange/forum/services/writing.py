"""Forum writes: threads, posts, edits, attachments, reactions, solutions, read state.

Every change that alters what search shows records an outbox row in the same transaction: "post"
for one post written, edited or deleted (only its search document changes), "thread" when the
thread as a whole changes (all its posts are re-indexed).
Writes a person makes through a page or the API pass ``rate_limit=True`` (posts per minute);
imports, demo data and other trusted callers do not.
Moderation (hide, lock, move, merge, flags, notes) lives in :mod:`.moderation`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.permissions import can_view_practice
from search import outbox

from ...access import viewer_for
from ...membership.audit import audit_record
from ...models import (
    Attachment,
    AuditEvent,
    Category,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
    User,
)
from ...notifications.services import post_mentions_added_record, post_notify_record
from ...validation import clean_text
from .. import markdown
from ..attachments import CheckedFile, attachment_storage, attachments_check, attachments_store
from ..permissions import (
    can_create_thread_in,
    can_edit_post,
    can_mark_solution,
    can_post_in,
    can_react_to,
    can_start_practice_discussion,
    can_view_category,
    can_view_post,
    is_own_post,
)
from ..privacy import personal_data_hints
from ..selectors import practice_discussion_category

MAX_TITLE = 200
MAX_BODY = 20_000


class RateLimited(Exception):
    """Too many posts in the last minute; ``message`` is shown to the person (German)."""

    def __init__(self, message: str, retry_after: int = 60) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class PrivacyHint(ValidationError):
    """The text looks like it contains third parties' personal data; the caller asks to confirm."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        super().__init__(
            _(
                "Ihr Text enthält möglicherweise personenbezogene Daten Dritter (%(what)s). Bitte prüfen "
                "Sie, ob das nötig ist, und bestätigen Sie, wenn Sie trotzdem veröffentlichen möchten."
            )
            % {"what": ", ".join(labels)},
            code="privacy",
        )


def rate_allowance(author: User) -> int | None:
    """How many writes a minute the person may make (``FORUM_RATE_LIMIT``: fewer for new accounts);
    None for editors. Shared with direct messages (exchange.messages), which count their own rows."""
    if viewer_for(author).is_editor:
        return None
    limits = settings.FORUM_RATE_LIMIT
    is_new = author.date_joined > timezone.now() - timedelta(days=limits["NEW_ACCOUNT_DAYS"])
    return int(limits["NEW_PER_MINUTE"] if is_new else limits["PER_MINUTE"])


def _post_rate_check(author: User) -> None:
    """Posts per minute, counted in the database so that every process sees the same number."""
    allowed = rate_allowance(author)
    if allowed is None:
        return
    now = timezone.now()
    recent = Post.objects.filter(author=author, created_at__gt=now - timedelta(minutes=1)).count()
    if recent >= allowed:
        raise RateLimited(
            _(
                "Sie haben in der letzten Minute bereits %(n)s Beiträge geschrieben. Bitte warten Sie "
                "einen Moment, bevor Sie den nächsten Beitrag veröffentlichen."
            )
            % {"n": recent}
        )


def _privacy_check(text: str, *, check_privacy: bool) -> None:
    if check_privacy:
        hints = personal_data_hints(text)
        if hints:
            raise PrivacyHint([str(h.label) for h in hints])


def _attachments_store(post: Post, checked: Sequence[CheckedFile]) -> None:
    attachments_store(
        checked,
        lambda name, item: Attachment.objects.create(
            post=post,
            stored_name=name,
            original_name=item.display_name,
            content_type=item.content_type,
            size=item.size,
        ),
    )


def _input_check(
    *, author: User, text: str, attachments: Iterable[UploadedFile], check_privacy: bool, rate_limit: bool
) -> list[CheckedFile]:
    """What every new thread or post passes: the files, the privacy hint, the rate limit."""
    checked = attachments_check(list(attachments))
    _privacy_check(text, check_privacy=check_privacy)
    if rate_limit:
        _post_rate_check(author)
    return checked


def _post_add(
    *, thread: Thread, author: User, body: str, checked: Sequence[CheckedFile], now: datetime
) -> Post:
    """Write the post with its attachments, and record what must follow (search, notifications)."""
    post = Post.objects.create(
        thread=thread, author=author, body=body, body_html=markdown.render(body), created_at=now
    )
    outbox.record(outbox.POST, [post.pk])  # a new post changes no other post's document
    _attachments_store(post, checked)
    post_notify_record(post=post)  # the notification fan-out, after commit
    return post


@transaction.atomic
def thread_create(
    *,
    author: User,
    category: Category,
    title: str,
    body: str,
    tags: Iterable[Any] = (),
    practice: Any = None,
    attachments: Iterable[UploadedFile] = (),
    check_privacy: bool = False,
    is_practice_discussion: bool = False,
    rate_limit: bool = False,
) -> Thread:
    viewer = viewer_for(author)
    if not can_create_thread_in(viewer, category):
        raise PermissionDenied
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    body = clean_text(body, field="body", max_length=MAX_BODY)
    if practice is not None and not can_view_practice(viewer, practice):
        raise ValidationError({"practice": _("Dieses Praxisbeispiel ist nicht verfügbar.")})
    checked = _input_check(
        author=author,
        text=f"{title}\n{body}",
        attachments=attachments,
        check_privacy=check_privacy,
        rate_limit=rate_limit,
    )
    now = timezone.now()
    thread = Thread.objects.create(
        category=category,
        title=title,
        author=author,
        practice=practice,
        is_practice_discussion=is_practice_discussion,
        created_at=now,
        last_activity_at=now,
        post_count=1,
    )
    if tags := list(tags):
        thread.tags.set(tags)
    _post_add(thread=thread, author=author, body=body, checked=checked, now=now)
    return thread


@transaction.atomic
def post_create(
    *,
    author: User,
    thread: Thread,
    body: str,
    attachments: Iterable[UploadedFile] = (),
    check_privacy: bool = False,
    rate_limit: bool = False,
) -> Post:
    if not can_post_in(viewer_for(author), thread):
        raise PermissionDenied
    body = clean_text(body, field="body", max_length=MAX_BODY)
    checked = _input_check(
        author=author, text=body, attachments=attachments, check_privacy=check_privacy, rate_limit=rate_limit
    )
    now = timezone.now()
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now, post_count=F("post_count") + 1)
    return _post_add(thread=thread, author=author, body=body, checked=checked, now=now)


@transaction.atomic
def post_edit(*, actor: User, post: Post, body: str, check_privacy: bool = False) -> Post:
    """Change a post's text; the previous text is kept as a revision for the moderators."""
    if not can_edit_post(viewer_for(actor), post):
        raise PermissionDenied
    body = clean_text(body, field="body", max_length=MAX_BODY)
    if body == post.body:
        return post
    _privacy_check(body, check_privacy=check_privacy)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    before = locked.body
    PostRevision.objects.create(post=locked, body=before, edited_by=actor)
    locked.body = body
    locked.body_html = markdown.render(body)
    locked.edited_at = timezone.now()
    locked.save(update_fields=["body", "body_html", "edited_at"])
    outbox.record(outbox.POST, [locked.pk])
    post_mentions_added_record(post=locked, before=before)
    return locked


def _is_first(post: Post) -> bool:
    """Whether ``post`` opened its thread (the question), hidden posts counted."""
    first_id = Post.objects.filter(thread_id=post.thread_id).order_by("created_at", "id").values("pk")[:1]
    return Post.objects.filter(pk__in=first_id, pk=post.pk).exists()


@transaction.atomic
def post_delete(*, actor: User, post: Post) -> None:
    """Authors remove their own replies (editors any reply); the first post goes with its thread."""
    viewer = viewer_for(actor)
    if not can_edit_post(viewer, post):
        raise PermissionDenied
    if _is_first(post):
        raise ValidationError(_("Der erste Beitrag eines Themas kann nicht gelöscht werden."))
    storage = attachment_storage()
    names = list(post.attachments.values_list("stored_name", flat=True))
    thread_id = post.thread_id
    was_visible = not post.is_hidden
    if post.author_id != actor.pk:
        audit_record(
            kind=AuditEvent.Kind.POST_DELETED,
            actor=actor,
            subject=post.author,
            detail={"thread_id": thread_id, "post_id": post.pk},
        )
    post_pk = post.pk
    post.delete()
    if was_visible:
        Thread.objects.filter(pk=thread_id).update(post_count=F("post_count") - 1)
    outbox.record(outbox.POST, [post_pk])  # gone: its document is deleted; never the first post

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files, robust=True)


@transaction.atomic
def reaction_toggle(*, user: User, post: Post, kind: str = Reaction.Kind.HELPFUL) -> bool:
    """Mark a post as helpful, or take the mark back. Returns whether the mark is now set."""
    viewer = viewer_for(user)
    if is_own_post(viewer, post) and can_view_post(viewer, post):
        raise ValidationError(_("Eigene Beiträge können Sie nicht als hilfreich markieren."))
    if not can_react_to(viewer, post):
        raise PermissionDenied
    deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:  # a parallel request set it a moment ago
        pass
    return True


@transaction.atomic
def thread_solution_set(*, actor: User, thread: Thread, post: Post | None) -> Thread:
    """Mark ``post`` as the answer that solved the thread (``None`` removes the mark)."""
    if not can_mark_solution(viewer_for(actor), thread):
        raise PermissionDenied
    if post is not None:
        if post.thread_id != thread.pk or post.is_hidden:
            raise ValidationError(_("Dieser Beitrag gehört nicht zu diesem Thema."))
        if _is_first(post):
            raise ValidationError(_("Die Frage selbst kann nicht die Lösung sein."))
    Thread.objects.filter(pk=thread.pk).update(solution=post)
    thread.solution = post
    return thread


def thread_read_mark(*, user: User, thread: Thread, post_id: int) -> None:
    """The member has seen the thread up to ``post_id``: remember the highest post id seen (never
    moving backwards) and count the notifications about those posts as read. This is the one read
    state: the unread marks, "zum ersten ungelesenen Beitrag", the start page's followed threads with
    news and the notification badge all follow from it. Two or three queries."""
    now = timezone.now()
    updated = ThreadRead.objects.filter(user=user, thread=thread, last_read_post_id__lt=post_id).update(
        last_read_post_id=post_id, read_at=now
    )
    if not updated:
        try:
            with transaction.atomic():
                ThreadRead.objects.get_or_create(
                    user=user, thread=thread, defaults={"last_read_post_id": post_id, "read_at": now}
                )
        except IntegrityError:
            pass
    Notification.objects.filter(
        recipient=user, post__thread=thread, post_id__lte=post_id, read_at__isnull=True
    ).update(read_at=now)


def practice_discussion_get_or_create(*, user: User, page: Any) -> Thread:
    """The discussion thread of a best practice, created on first use in the editors' category."""
    existing = Thread.objects.filter(practice=page, is_practice_discussion=True).first()
    if existing is not None:
        if not can_view_category(viewer_for(user), existing.category):
            raise PermissionDenied
        return existing
    category = practice_discussion_category()
    if category is None:
        raise ValidationError(_("Die Redaktion hat noch keine Kategorie für Diskussionen eingerichtet."))
    if not can_start_practice_discussion(viewer_for(user), page, category):
        raise PermissionDenied
    try:
        with transaction.atomic():
            return thread_create(
                author=user,
                category=category,
                title=page.title[:MAX_TITLE],
                body=_("Diskussion zum Praxisbeispiel „%(title)s“: Fragen, Erfahrungen, Hinweise.")
                % {"title": page.title},
                practice=page,
                is_practice_discussion=True,
            )
    except IntegrityError:  # someone else started it at the same moment
        return Thread.objects.get(practice=page, is_practice_discussion=True)
