"""Forum endpoints of the JSON API (/api/forum/...). The same selectors, permission look-ups and
services as the pages: an id the caller may not see is 404, a refused action 403, bad input 400 with
a message, too many posts 429 (the errors are answered by the project API, cms/api.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from cms.models import PracticePage, Term
from cms.permissions import practices_visible_to

from ..access import Viewer, member_viewer
from ..models import Category, Post, Thread, User
from . import selectors, services
from .permissions import can_view_practice_link, category_access, post_access, thread_access

router = Router(tags=["Forum"])


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    thread_count: int
    post_count: int
    last_activity_at: datetime | None


class ThreadOut(Schema):
    id: int
    category_id: int
    category: str
    title: str
    author: str
    created_at: datetime
    last_activity_at: datetime
    post_count: int
    is_locked: bool
    is_pinned: bool
    solution_post_id: int | None
    practice_id: int | None
    tags: list[str]
    url: str


class ThreadPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ThreadOut]


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class PostOut(Schema):
    id: int
    thread_id: int
    author: str
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    helpful_count: int
    helpful_mine: bool
    attachments: list[AttachmentOut]


class PostPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[PostOut]


class ThreadIn(Schema):
    category_id: int
    title: str
    body: str
    tag_ids: list[int] = []
    practice_id: int | None = None
    confirm_privacy: bool = False


class PostIn(Schema):
    body: str
    confirm_privacy: bool = False


class ReactionOut(Schema):
    post_id: int
    helpful: bool
    helpful_count: int


def _name(user: User | None) -> str:
    return user.display_name if user is not None else _("ehemaliges Mitglied")


def _category_out(category: Category) -> dict[str, Any]:
    return {
        "id": category.pk,
        "name": category.name,
        "slug": category.slug,
        "description": category.description,
        "thread_count": category.thread_count,  # type: ignore[attr-defined]
        "post_count": category.post_total,  # type: ignore[attr-defined]
        "last_activity_at": category.last_activity,  # type: ignore[attr-defined]
    }


def _thread_out(viewer: Viewer, thread: Thread) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "category_id": thread.category_id,
        "category": thread.category.name,
        "title": thread.title,
        "author": _name(thread.author),
        "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at,
        "post_count": thread.post_count,
        "is_locked": thread.is_locked,
        "is_pinned": thread.is_pinned,
        "solution_post_id": thread.solution_id,
        "practice_id": thread.practice_id if can_view_practice_link(viewer, thread) else None,
        "tags": [t.name for t in thread.tags.all()],
        "url": f"/forum/thema/{thread.pk}/",
    }


def _post_out(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "thread_id": post.thread_id,
        "author": _name(post.author),
        "body": post.body,
        "body_html": post.body_html,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "helpful_count": getattr(post, "helpful_count", 0),
        "helpful_mine": getattr(post, "helpful_mine", False),
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "url": f"/forum/anhang/{a.pk}/",
            }
            for a in post.attachments.all()
        ],
    }


def _page_out(items: Any, number: int, per_page: int, out: Any) -> dict[str, Any]:
    paginator = Paginator(items, per_page)
    current = paginator.get_page(number)
    results = [out(item) for item in current]
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": results,
    }


def _tags(ids: list[int]) -> list[Term]:
    tags = list(Term.objects.filter(pk__in=ids))
    if len(tags) != len(set(ids)):
        raise ValidationError(_("Unbekanntes Schlagwort."))
    return tags


def _practice(viewer: Viewer, practice_id: int | None) -> PracticePage | None:
    if practice_id is None:
        return None
    practice = practices_visible_to(viewer).filter(pk=practice_id).first()
    if practice is None:
        raise ValidationError(_("Dieses Praxisbeispiel ist nicht verfügbar."))
    return practice


@router.get("/categories", response=list[CategoryOut], summary="Kategorien, die ich sehe")
def category_list(request):
    viewer = member_viewer(request.user)
    return [_category_out(c) for c in selectors.category_list_for_viewer(viewer)]


@router.get("/threads", response=ThreadPageOut, summary="Themen (sortiert, seitenweise)")
def thread_list(request, category_id: int | None = None, sort: str = "aktivitaet", page: int = 1):
    viewer = member_viewer(request.user)
    if sort not in selectors.THREAD_SORTS:
        sorts = ", ".join(selectors.THREAD_SORTS)
        raise ValidationError(_("Unbekannte Sortierung; erlaubt: %(sorts)s.") % {"sorts": sorts})
    category = category_access(viewer, pk=category_id) if category_id is not None else None
    threads = selectors.thread_list_for_viewer(viewer, category=category, sort=sort)
    threads = threads.prefetch_related("tags", "category__working_groups", "practice")
    return _page_out(threads, page, settings.FORUM_THREADS_PER_PAGE, lambda t: _thread_out(viewer, t))


@router.get("/threads/{thread_id}", response=ThreadOut, summary="Ein Thema")
def thread_detail(request, thread_id: int):
    viewer = member_viewer(request.user)
    return _thread_out(viewer, thread_access(viewer, thread_id))


@router.get("/threads/{thread_id}/posts", response=PostPageOut, summary="Beiträge eines Themas")
def post_list(request, thread_id: int, page: int = 1):
    viewer = member_viewer(request.user)
    posts = selectors.posts_for_thread_page(viewer, thread_access(viewer, thread_id))
    return _page_out(posts, page, settings.FORUM_POSTS_PER_PAGE, _post_out)


@router.post("/threads", response={201: ThreadOut}, summary="Neues Thema")
def thread_create(request, payload: ThreadIn):
    viewer = member_viewer(request.user)
    thread = services.thread_create(
        author=request.user,
        category=category_access(viewer, pk=payload.category_id),
        title=payload.title,
        body=payload.body,
        tags=_tags(payload.tag_ids),
        practice=_practice(viewer, payload.practice_id),
        check_privacy=not payload.confirm_privacy,
        rate_limit=True,
    )
    return Status(201, _thread_out(viewer, thread_access(viewer, thread.pk)))


@router.post("/threads/{thread_id}/posts", response={201: PostOut}, summary="Antworten")
def post_create(request, thread_id: int, payload: PostIn):
    thread = thread_access(member_viewer(request.user), thread_id)
    post = services.post_create(
        author=request.user,
        thread=thread,
        body=payload.body,
        check_privacy=not payload.confirm_privacy,
        rate_limit=True,
    )
    return Status(201, _post_out(post))


@router.post("/posts/{post_id}/react", response=ReactionOut, summary="„Hilfreich“ umschalten")
def post_react(request, post_id: int):
    post = post_access(member_viewer(request.user), post_id)
    helpful = services.reaction_toggle(user=request.user, post=post)
    return {"post_id": post.pk, "helpful": helpful, "helpful_count": post.reactions.count()}
