"""Writes of the exchange app: one verb per function, keyword-only, each owns its transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from search.services import outbox_record

from . import markdown
from .models import Category, Post, Thread, User
from .permissions import can_post_in, can_view_category, viewer_for

MAX_TITLE = 200
MAX_BODY = 20_000


def _clean_text(value: str, *, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: "Dieses Feld darf nicht leer sein."})
    if len(value) > max_length:
        raise ValidationError({field: f"Höchstens {max_length} Zeichen."})
    return value


@transaction.atomic
def thread_create(*, author: User, category: Category, title: str, body: str) -> Thread:
    if not can_view_category(viewer_for(author), category) or not viewer_for(author).is_member:
        raise PermissionDenied
    title = _clean_text(title, field="title", max_length=MAX_TITLE)
    body = _clean_text(body, field="body", max_length=MAX_BODY)
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=title, author=author, created_at=now, last_activity_at=now, post_count=1
    )
    Post.objects.create(
        thread=thread, author=author, body=body, body_html=markdown.render(body), created_at=now
    )
    outbox_record(kind="thread", object_ids=[thread.pk])
    return thread


@transaction.atomic
def post_create(*, author: User, thread: Thread, body: str) -> Post:
    if not can_post_in(viewer_for(author), thread):
        raise PermissionDenied
    body = _clean_text(body, field="body", max_length=MAX_BODY)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=author, body=body, body_html=markdown.render(body), created_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now, post_count=F("post_count") + 1)
    outbox_record(kind="thread", object_ids=[thread.pk])
    return post
