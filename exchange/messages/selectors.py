"""Direct-message reads, always through :mod:`.permissions`: the list of conversations with unread
marks, one conversation as its reader sees it (texts of people who left withheld), the unread
count for the navigation, the editors' report queue and the person's own messages for the export."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..access import Viewer
from ..models import (
    Block,
    ContactSettings,
    Conversation,
    ConversationParticipant,
    Message,
    MessageAttachment,
    MessageReport,
    User,
)
from .permissions import (
    can_contact,
    can_send,
    is_open,
    message_text_shown,
    participants_members,
    reports_visible_to,
)

LEFT_TEXT = gettext_lazy("Diese Person hat das Netzwerk verlassen.")


def _unread_q() -> Q:
    return Q(last_read_at__isnull=True) | Q(conversation__last_message_at__gt=F("last_read_at"))


def unread_count(viewer: Viewer) -> int:
    """For the navigation: conversations with messages newer than the viewer's read mark (one
    COUNT over the viewer's participant rows joined to their conversations)."""
    if viewer.user_id is None or not viewer.is_member:
        return 0
    return ConversationParticipant.objects.filter(_unread_q(), user_id=viewer.user_id).count()


@dataclass
class ConversationRow:
    conversation: Conversation
    others: list[str]
    unread: bool


def _name(user: User | None, member: bool) -> str:
    if user is None or not member:
        return _("ehemaliges Mitglied")
    return user.display_name


def conversation_list(viewer: Viewer) -> list[ConversationRow]:
    """The viewer's conversations, newest first, with the names of the others and an unread mark."""
    if viewer.user_id is None or not viewer.is_member:
        return []
    rows = (
        ConversationParticipant.objects.filter(user_id=viewer.user_id)
        .select_related("conversation")
        .prefetch_related("conversation__participants__user")
        .order_by("-conversation__last_message_at", "-conversation_id")
    )
    unread = set(
        ConversationParticipant.objects.filter(_unread_q(), user_id=viewer.user_id).values_list(
            "conversation_id", flat=True
        )
    )
    result = []
    for row in rows[:200]:
        others = [
            p.user.display_name for p in row.conversation.participants.all() if p.user_id != viewer.user_id
        ]
        result.append(ConversationRow(row.conversation, others, row.conversation_id in unread))
    return result


@dataclass
class MessageView:
    message: Message
    author_name: str
    own: bool
    shown: bool  # the text is shown; otherwise ``notice`` says why
    notice: str
    can_report: bool
    attachments: list[MessageAttachment] = field(default_factory=list)


@dataclass
class ConversationView:
    conversation: Conversation
    participants: list[str]
    messages: list[MessageView]
    can_send: bool
    closed: bool


def _message_view(message: Message, viewer: Viewer, members: dict[int, bool]) -> MessageView:
    shown = message_text_shown(message, members)
    if message.hidden_by_moderation:
        notice = _("Diese Nachricht wurde von der Redaktion ausgeblendet.")
    elif not shown:
        notice = str(LEFT_TEXT)
    else:
        notice = ""
    member = message.author_id is not None and members.get(message.author_id, False)
    own = message.author_id == viewer.user_id
    return MessageView(
        message=message,
        author_name=_name(message.author, member),
        own=own,
        shown=shown,
        notice=notice,
        can_report=shown and not own,
        attachments=list(message.attachments.all()) if shown else [],
    )


def conversation_view(viewer: Viewer, conversation: Conversation) -> ConversationView:
    """One conversation as the viewer (a reader, see ``conversation_access``) sees it."""
    members = participants_members(conversation)
    participants = [
        _name(p.user, members.get(p.user_id, False))
        for p in conversation.participants.select_related("user").order_by("joined_at", "pk")
    ]
    messages = (
        conversation.messages.select_related("author").prefetch_related("attachments").order_by("created_at")
    )
    return ConversationView(
        conversation=conversation,
        participants=participants,
        messages=[_message_view(m, viewer, members) for m in messages],
        can_send=can_send(viewer, conversation),
        closed=not is_open(conversation, members),
    )


def contact_person_for(viewer: Viewer, email: str) -> User | None:
    """The member behind a practice's contact address, when the viewer may write to them."""
    if not email or not viewer.is_member:
        return None
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None or not can_contact(viewer, person):
        return None
    return person


def blocked_people(user: User) -> list[User]:
    return [
        b.blocked for b in Block.objects.filter(user=user).select_related("blocked").order_by("-created_at")
    ]


def has_blocked(user: User, person: User) -> bool:
    return Block.objects.filter(user=user, blocked=person).exists()


def organisation_only_for(user: User) -> bool:
    return ContactSettings.objects.filter(user=user, organisation_only=True).exists()


def report_queue(viewer: Viewer, *, open_only: bool = True) -> QuerySet[MessageReport]:
    """Editors: the reports with their message (and only that message) and its author."""
    qs = reports_visible_to(viewer).select_related("message__author", "reporter", "resolved_by")
    if open_only:
        qs = qs.filter(outcome=MessageReport.Outcome.OPEN)
    return qs.order_by("-created_at", "-id")


def messages_export(user: User) -> dict[str, Any]:
    """The data export: the conversations the person is in with their own messages only (the
    others' texts belong to the others), their blocks, their contact setting and their reports."""
    own: dict[int, list[dict[str, Any]]] = {}
    for m in Message.objects.filter(author=user).prefetch_related("attachments").order_by("created_at", "pk"):
        own.setdefault(m.conversation_id, []).append(
            {
                "id": m.pk,
                "geschrieben_am": m.created_at.isoformat(),
                "text": m.body,
                "ausgeblendet": m.hidden_by_moderation,
                "anhaenge": [a.original_name for a in m.attachments.all()],
            }
        )
    conversations = Conversation.objects.filter(participants__user=user).order_by("created_at", "pk")
    return {
        "unterhaltungen": [
            {"id": c.pk, "begonnen_am": c.created_at.isoformat(), "meine_nachrichten": own.get(c.pk, [])}
            for c in conversations
        ],
        "blockiert": [b.display_name for b in blocked_people(user)],
        "nur_meine_organisation": organisation_only_for(user),
        "gemeldet": [
            {"nachricht_id": r.message_id, "grund": r.reason, "am": r.created_at.isoformat()}
            for r in MessageReport.objects.filter(reporter=user).order_by("created_at")
        ],
    }
