"""Direct-message endpoints of the JSON API (/api/messages/...). The same permission rule
(:mod:`.permissions`), selectors and services as the pages: a conversation of others is 404, a
person one may not write to is 404 (as unknown), a closed conversation 403, bad input 400, too
many messages 429 (answered by the project API, cms/api.py)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ..access import Viewer, member_viewer
from ..models import User
from . import selectors, services
from .permissions import can_contact, conversation_access

router = Router(tags=["Nachrichten"])


class ConversationOut(Schema):
    id: int
    participants: list[str]
    last_message_at: datetime
    unread: bool
    url: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class MessageOut(Schema):
    id: int
    author: str
    own: bool
    created_at: datetime
    body: str | None = Field(description="Markdown; null, wenn der Text nicht gezeigt wird")
    body_html: str | None
    notice: str = Field(description="warum der Text fehlt (verlassen, ausgeblendet), sonst leer")
    attachments: list[AttachmentOut]


class ConversationDetailOut(Schema):
    id: int
    participants: list[str]
    can_send: bool
    closed: bool
    messages: list[MessageOut]


class StartIn(Schema):
    recipient_ids: list[int] = Field(min_length=1, max_length=services.MAX_RECIPIENTS)
    body: str = Field(max_length=services.MAX_BODY)


class MessageIn(Schema):
    body: str = Field(max_length=services.MAX_BODY)


class ReadOut(Schema):
    id: int
    unread_conversations: int


def _url(pk: int) -> str:
    return reverse("message-conversation", args=[pk])


def _detail(viewer: Viewer, pk: int) -> dict:
    view = selectors.conversation_view(viewer, conversation_access(viewer, pk))
    return {
        "id": view.conversation.pk,
        "participants": view.participants,
        "can_send": view.can_send,
        "closed": view.closed,
        "messages": [
            {
                "id": m.message.pk,
                "author": m.author_name,
                "own": m.own,
                "created_at": m.message.created_at,
                "body": m.message.body if m.shown else None,
                "body_html": m.message.body_html if m.shown else None,
                "notice": m.notice,
                "attachments": [
                    {
                        "id": a.pk,
                        "name": a.original_name,
                        "size": a.size,
                        "url": reverse("message-attachment", args=[a.pk]),
                    }
                    for a in m.attachments
                ],
            }
            for m in view.messages
        ],
    }


def _recipients(viewer: Viewer, ids: list[int]) -> list[User]:
    people = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True)}
    for pk in ids:
        if pk not in people or not can_contact(viewer, people[pk]):
            raise Http404(_("Person nicht gefunden."))
    return list(people.values())


@router.get("/conversations", response=list[ConversationOut], summary="Meine Unterhaltungen")
def conversation_list(request):
    rows = selectors.conversation_list(member_viewer(request.user))
    return [
        {
            "id": r.conversation.pk,
            "participants": r.others,
            "last_message_at": r.conversation.last_message_at,
            "unread": r.unread,
            "url": _url(r.conversation.pk),
        }
        for r in rows
    ]


@router.get("/conversations/{conversation_id}", response=ConversationDetailOut, summary="Eine Unterhaltung")
def conversation_detail(request, conversation_id: int):
    return _detail(member_viewer(request.user), conversation_id)


@router.post("/conversations", response={201: ConversationDetailOut}, summary="Unterhaltung beginnen")
def conversation_start(request, payload: StartIn):
    viewer = member_viewer(request.user)
    conversation = services.conversation_start(
        author=request.user,
        recipients=_recipients(viewer, payload.recipient_ids),
        body=payload.body,
        rate_limit=True,
    )
    return Status(201, _detail(viewer, conversation.pk))


@router.post(
    "/conversations/{conversation_id}/messages", response={201: ConversationDetailOut}, summary="Antworten"
)
def message_send(request, conversation_id: int, payload: MessageIn):
    viewer = member_viewer(request.user)
    conversation = conversation_access(viewer, conversation_id)
    services.message_send(author=request.user, conversation=conversation, body=payload.body, rate_limit=True)
    return Status(201, _detail(viewer, conversation.pk))


@router.post("/conversations/{conversation_id}/read", response=ReadOut, summary="Als gelesen markieren")
def conversation_read(request, conversation_id: int):
    viewer = member_viewer(request.user)
    conversation = conversation_access(viewer, conversation_id)
    services.conversation_mark_read(user=request.user, conversation=conversation)
    return {"id": conversation.pk, "unread_conversations": selectors.unread_count(viewer)}
