"""Who may write to whom and who may read what: the one rule of direct messages.

Pages, the API, notifications and e-mails all ask these functions.

- :func:`can_contact`: start a conversation with a person. Both approved members (the viewer and
  the person, ``Membership.objects.effective()`` through :mod:`exchange.access`), not the same
  person, no block in either direction, and when the person allows only their organisation, a
  shared organisation.
- :func:`can_read`: the participants of a conversation who are approved members now. Editors are
  *not* readers; they see a message only when it was reported (:func:`can_view_reported`).
- :func:`can_send`: a reader, in an open conversation (at least one other participant is still a
  member), with no block between the sender and another member in it.
- :func:`message_text_shown`: a message's text is shown only while its author is a member and no
  editor hid it; the text of people who left or deleted their account is never shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..access import Viewer, viewers_for
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


def is_blocked_between(a_id: int, b_id: int) -> bool:
    """A block in either direction."""
    return Block.objects.filter(Q(user_id=a_id, blocked_id=b_id) | Q(user_id=b_id, blocked_id=a_id)).exists()


def organisation_only(person: User) -> bool:
    return ContactSettings.objects.filter(user=person, organisation_only=True).exists()


def can_contact(viewer: Viewer, person: User) -> bool:
    """May the viewer start a conversation with ``person`` (or add them to a new one)?"""
    return person.pk in contactable_ids(viewer, [person])


def is_participant(viewer: Viewer, conversation: Conversation) -> bool:
    if viewer.user_id is None:
        return False
    return ConversationParticipant.objects.filter(conversation=conversation, user_id=viewer.user_id).exists()


def can_read(viewer: Viewer, conversation: Conversation) -> bool:
    """Participants who are approved members now; nobody else, editors included."""
    return viewer.is_member and is_participant(viewer, conversation)


def participants_members(conversation: Conversation) -> dict[int, bool]:
    """{user id: is an approved member now} for everyone in the conversation (three queries)."""
    users = [p.user for p in conversation.participants.select_related("user")]
    viewers = viewers_for(users)
    return {u.pk: viewers[u.pk].is_member for u in users}


def is_open(conversation: Conversation, members: dict[int, bool] | None = None) -> bool:
    """Open while at least two of its participants are members (someone left: closed for the others)."""
    members = participants_members(conversation) if members is None else members
    return sum(members.values()) >= 2


def can_send(viewer: Viewer, conversation: Conversation) -> bool:
    if not can_read(viewer, conversation):
        return False
    members = participants_members(conversation)
    if not is_open(conversation, members):
        return False
    assert viewer.user_id is not None
    others = [pk for pk, member in members.items() if member and pk != viewer.user_id]
    return not Block.objects.filter(
        Q(user_id=viewer.user_id, blocked_id__in=others) | Q(user_id__in=others, blocked_id=viewer.user_id)
    ).exists()


def message_text_shown(message: Message, members: dict[int, bool]) -> bool:
    """The text is shown to readers while the author is a member and no editor hid it."""
    return (
        not message.hidden_by_moderation
        and message.author_id is not None
        and members.get(message.author_id, False)
    )


def conversations_visible_to(viewer: Viewer) -> QuerySet[Conversation]:
    if viewer.user_id is None or not viewer.is_member:
        return Conversation.objects.none()
    return Conversation.objects.filter(participants__user_id=viewer.user_id)


def conversation_access(viewer: Viewer, pk: int) -> Conversation:
    """The conversation, if the viewer may read it; else 404 (the same answer as for none)."""
    conversation = conversations_visible_to(viewer).filter(pk=pk).first()
    if conversation is None:
        raise Http404(_("Unterhaltung nicht gefunden."))
    return conversation


def can_report(viewer: Viewer, message: Message) -> bool:
    """A reader reports a message of someone else whose text they can see."""
    return (
        message.author_id is not None
        and message.author_id != viewer.user_id
        and can_read(viewer, message.conversation)
    )


def message_access(viewer: Viewer, pk: int) -> Message:
    """A message of a conversation the viewer may read; else 404."""
    message = (
        Message.objects.select_related("conversation", "author")
        .filter(pk=pk, conversation__in=conversations_visible_to(viewer))
        .first()
    )
    if message is None:
        raise Http404(_("Nachricht nicht gefunden."))
    return message


def can_moderate(viewer: Viewer) -> bool:
    return viewer.is_editor


def reports_visible_to(viewer: Viewer) -> QuerySet[MessageReport]:
    """Editors see the reports, and through them only the reported messages."""
    if not can_moderate(viewer):
        return MessageReport.objects.none()
    return MessageReport.objects.all()


def report_access(viewer: Viewer, pk: int) -> MessageReport:
    report = reports_visible_to(viewer).select_related("message").filter(pk=pk).first()
    if report is None:
        raise Http404(_("Meldung nicht gefunden."))
    return report


def attachment_access(viewer: Viewer, pk: int) -> MessageAttachment:
    """An attachment of a message whose text the viewer may see; else 404."""
    attachment = (
        MessageAttachment.objects.select_related("message__conversation")
        .filter(pk=pk, message__conversation__in=conversations_visible_to(viewer))
        .first()
    )
    if attachment is None:
        raise Http404(_("Anhang nicht gefunden."))
    members = participants_members(attachment.message.conversation)
    if not message_text_shown(attachment.message, members):
        raise Http404(_("Anhang nicht gefunden."))
    return attachment


def contactable_ids(viewer: Viewer, people: Iterable[User]) -> set[int]:
    """The ids of those among ``people`` the viewer may write to: the rule of :func:`can_contact`
    for a whole page of people (directory, forum thread) in five queries."""
    if viewer.user_id is None or not viewer.is_member:
        return set()
    candidates = [p for p in people if p.is_active and p.pk != viewer.user_id]
    if not candidates:
        return set()
    theirs = viewers_for(candidates)
    ids = [p.pk for p in candidates if theirs[p.pk].is_member]
    blocks = Block.objects.filter(
        Q(user_id=viewer.user_id, blocked_id__in=ids) | Q(user_id__in=ids, blocked_id=viewer.user_id)
    )
    blocked = {pk for pair in blocks.values_list("user_id", "blocked_id") for pk in pair}
    settings = ContactSettings.objects.filter(user_id__in=ids, organisation_only=True)
    org_only = set(settings.values_list("user_id", flat=True))
    return {
        pk
        for pk in ids
        if pk not in blocked
        and (pk not in org_only or bool(viewer.organisation_ids & theirs[pk].organisation_ids))
    }
