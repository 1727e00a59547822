"""Direct-message writes: start a conversation, send, mark read, block, contact setting, report.

Every write checks :mod:`.permissions` first and owns its transaction. The text is Markdown,
rendered and sanitised by the forum's :mod:`exchange.forum.markdown`; files pass the forum's
attachment checks; people write as often as the forum allows (:func:`rate_allowance`). A new
message makes in-app notifications for the other readers in the same transaction; the e-mails
(immediately or in the daily digest, as each person chose) are sent by the notification tasks after
commit, which check again that the recipient may read the conversation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.celery import after_commit

from ..access import viewer_for, viewers_for
from ..forum import markdown
from ..forum.attachments import CheckedFile, attachment_storage, attachments_check, attachments_store
from ..forum.services import RateLimited, rate_allowance
from ..models import (
    Block,
    ContactSettings,
    Conversation,
    ConversationParticipant,
    Message,
    MessageAttachment,
    MessageReport,
    Notification,
    NotificationSettings,
    User,
)
from ..notifications.tasks import notification_email_send
from ..validation import clean_text
from .permissions import can_contact, can_moderate, can_read, can_report, can_send

MAX_BODY = 20_000
MAX_REASON = 2_000
MAX_RECIPIENTS = 9  # ten people in one conversation at most


def _rate_check(author: User) -> None:
    """The forum's limit (fewer for new accounts), counted over the person's messages."""
    allowed = rate_allowance(author)
    if allowed is None:
        return
    recent = Message.objects.filter(
        author=author, created_at__gt=timezone.now() - timedelta(minutes=1)
    ).count()
    if recent >= allowed:
        raise RateLimited(
            _(
                "Sie haben in der letzten Minute bereits %(n)s Nachrichten geschrieben. Bitte warten "
                "Sie einen Moment, bevor Sie die nächste senden."
            )
            % {"n": recent}
        )


def _attachments_store(message: Message, checked: Sequence[CheckedFile]) -> None:
    attachments_store(
        checked,
        lambda name, item: MessageAttachment.objects.create(
            message=message,
            stored_name=name,
            original_name=item.display_name,
            content_type=item.content_type,
            size=item.size,
        ),
        folder="nachrichten/",
    )


def _notify(message: Message) -> None:
    """In-app notifications for the other readers; immediate e-mails queued after commit."""
    others = list(
        User.objects.filter(conversation_participations__conversation=message.conversation_id)
        .exclude(pk=message.author_id or 0)
        .order_by("pk")
    )
    viewers = viewers_for(others)
    rows = [
        Notification(
            recipient=u,
            kind=Notification.Kind.MESSAGE,
            message=message,
            actor_id=message.author_id,
            created_at=message.created_at,
        )
        for u in others
        if u.is_active and viewers[u.pk].is_member
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    immediate = Notification.objects.filter(
        message=message, recipient__notification_settings__email=NotificationSettings.Email.IMMEDIATE
    )
    for notification_id in immediate.values_list("pk", flat=True):
        after_commit(notification_email_send, notification_id)


def _message_write(
    *,
    conversation: Conversation,
    author: User,
    body: str,
    attachments: Iterable[UploadedFile],
    rate_limit: bool,
) -> Message:
    body = clean_text(body, field="body", max_length=MAX_BODY)
    checked = attachments_check(list(attachments))
    if rate_limit:
        _rate_check(author)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, author=author, body=body, body_html=markdown.render(body), created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    conversation.last_message_at = now
    ConversationParticipant.objects.filter(conversation=conversation, user=author).update(last_read_at=now)
    _attachments_store(message, checked)
    _notify(message)
    return message


def _existing_pair(author: User, person: User) -> Conversation | None:
    """The conversation of exactly these two people, if there is one (writing again continues it)."""
    size = (
        ConversationParticipant.objects.filter(conversation=OuterRef("pk"))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        Conversation.objects.filter(participants__user=author)
        .filter(participants__user=person)
        .annotate(size=Subquery(size))
        .filter(size=2)
        .order_by("-last_message_at")
        .first()
    )


@transaction.atomic
def conversation_start(
    *,
    author: User,
    recipients: Sequence[User],
    body: str,
    attachments: Iterable[UploadedFile] = (),
    rate_limit: bool = False,
) -> Conversation:
    """Write to one or more members. With one person an existing conversation of the two continues."""
    viewer = viewer_for(author)
    people = list({p.pk: p for p in recipients if p.pk != author.pk}.values())
    if not people:
        raise ValidationError({"recipients": _("Bitte wählen Sie mindestens eine Person.")})
    if len(people) > MAX_RECIPIENTS:
        raise ValidationError(
            {"recipients": _("Höchstens %(n)d Personen je Unterhaltung.") % {"n": MAX_RECIPIENTS}}
        )
    if not viewer.is_member or not all(can_contact(viewer, p) for p in people):
        raise PermissionDenied(_("Sie können dieser Person keine Nachricht schreiben."))
    conversation = _existing_pair(author, people[0]) if len(people) == 1 else None
    if conversation is None:
        conversation = Conversation.objects.create(created_by=author)
        ConversationParticipant.objects.bulk_create(
            [ConversationParticipant(conversation=conversation, user=u) for u in [author, *people]]
        )
    elif not can_send(viewer, conversation):
        raise PermissionDenied(_("Sie können dieser Person keine Nachricht schreiben."))
    _message_write(
        conversation=conversation, author=author, body=body, attachments=attachments, rate_limit=rate_limit
    )
    return conversation


@transaction.atomic
def message_send(
    *,
    author: User,
    conversation: Conversation,
    body: str,
    attachments: Iterable[UploadedFile] = (),
    rate_limit: bool = False,
) -> Message:
    """Reply in a conversation: only readers, only while it is open and nobody in it blocked."""
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    if not can_send(viewer_for(author), conversation):
        raise PermissionDenied(_("In dieser Unterhaltung können Sie nicht mehr schreiben."))
    return _message_write(
        conversation=conversation, author=author, body=body, attachments=attachments, rate_limit=rate_limit
    )


@transaction.atomic
def conversation_mark_read(*, user: User, conversation: Conversation) -> None:
    """The person has read everything up to now; their notifications of it count as read too."""
    if not can_read(viewer_for(user), conversation):
        raise PermissionDenied
    now = timezone.now()
    ConversationParticipant.objects.filter(conversation=conversation, user=user).update(last_read_at=now)
    Notification.objects.filter(
        recipient=user, message__conversation=conversation, read_at__isnull=True
    ).update(read_at=now)


def block_set(*, user: User, person: User) -> Block:
    if person.pk == user.pk:
        raise ValidationError({"person": _("Sie können sich nicht selbst blockieren.")})
    block, _created = Block.objects.get_or_create(user=user, blocked=person)
    return block


def block_remove(*, user: User, person: User) -> None:
    Block.objects.filter(user=user, blocked=person).delete()


def contact_settings_set(*, user: User, organisation_only: bool) -> ContactSettings:
    row, _created = ContactSettings.objects.update_or_create(
        user=user, defaults={"organisation_only": bool(organisation_only)}
    )
    return row


@transaction.atomic
def message_report(*, reporter: User, message: Message, reason: str) -> MessageReport:
    """Report a message to the editors; a second open report of the same person changes nothing."""
    if not can_report(viewer_for(reporter), message):
        raise PermissionDenied(_("Diese Nachricht können Sie nicht melden."))
    reason = clean_text(reason, field="reason", max_length=MAX_REASON)
    report, _created = MessageReport.objects.get_or_create(
        message=message, reporter=reporter, outcome=MessageReport.Outcome.OPEN, defaults={"reason": reason}
    )
    return report


@transaction.atomic
def report_resolve(*, actor: User, report: MessageReport, hide: bool) -> MessageReport:
    """An editor hides the reported message (for everyone) or dismisses the report."""
    if not can_moderate(viewer_for(actor)):
        raise PermissionDenied
    outcome = MessageReport.Outcome.HIDDEN if hide else MessageReport.Outcome.DISMISSED
    Message.objects.filter(pk=report.message_id).update(hidden_by_moderation=hide)
    MessageReport.objects.filter(message_id=report.message_id, outcome=MessageReport.Outcome.OPEN).update(
        outcome=outcome, resolved_by=actor, resolved_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def messages_erase(*, user: User) -> None:
    """Before an account is deleted: the person's texts and files go; the rows stay (author NULL
    after the deletion), so the others see "Diese Person hat das Netzwerk verlassen" in their place."""
    storage = attachment_storage()
    attachments = MessageAttachment.objects.filter(message__author=user)
    names = list(attachments.values_list("stored_name", flat=True))
    attachments.delete()
    Message.objects.filter(author=user).update(body="", body_html="")

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
