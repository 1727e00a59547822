"""Forum endpoints of the JSON API (/api/forum/...). The same selectors, permission functions and
services as the pages: an id the caller may not see is 404, a refused action 403, bad input 400 with
a message, too many posts 429."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from cms import permissions as cms_permissions
from cms.models import Term

from . import selectors, services
from .models import Post, Thread
from .permissions import (
    Viewer,
    can_view_practice_link,
    categories_visible_to,
    posts_visible_to,
    threads_visible_to,
    viewer_for,
)
from .services import notifications

router = Router(tags=["Forum"])


class ErrorOut(Schema):
    detail: str


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


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


class FollowIn(Schema):
    level: str = Field(
        description="all | new_threads (nur Kategorien) | muted | none (nicht mehr folgen)",
        max_length=20,
    )


class FollowOut(Schema):
    level: str


def _viewer(request) -> Viewer:
    viewer = viewer_for(request.user)
    if not viewer.is_member:
        raise HttpError(403, _("Nur für freigegebene Mitglieder."))
    return viewer


def _name(user) -> str:
    return user.display_name if user is not None else _("ehemaliges Mitglied")


def _thread_out(viewer: Viewer, thread: Thread) -> dict:
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
        "practice_id": thread.practice_id
        if thread.practice_id and can_view_practice_link(viewer, thread)
        else None,
        "tags": [t.name for t in thread.tags.all()],
        "url": f"/forum/thema/{thread.pk}/",
    }


def _post_out(post: Post) -> dict:
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


def _thread_or_404(viewer: Viewer, thread_id: int) -> Thread:
    thread = (
        threads_visible_to(viewer)
        .select_related("category", "author", "practice")
        .prefetch_related("tags", "category__working_groups")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise HttpError(404, _("Thema nicht gefunden."))
    return thread


def _act(call):
    try:
        return call()
    except PermissionDenied as exc:
        raise HttpError(403, _("Dazu sind Sie nicht berechtigt.")) from exc
    except services.RateLimited as exc:
        raise HttpError(429, exc.message) from exc
    except ValidationError as exc:
        raise HttpError(400, " ".join(str(m) for m in exc.messages)) from exc


@router.get("/categories", response={200: list[CategoryOut], **ERRORS}, summary="Kategorien, die ich sehe")
def category_list(request):
    viewer = _viewer(request)
    return Status(
        200,
        [
            {
                "id": c.pk,
                "name": c.name,
                "slug": c.slug,
                "description": c.description,
                "thread_count": c.thread_count,
                "post_count": c.post_total,
                "last_activity_at": c.last_activity,
            }
            for c in selectors.category_list_for_viewer(viewer)
        ],
    )


@router.get("/threads", response={200: ThreadPageOut, **ERRORS}, summary="Themen (sortiert, seitenweise)")
def thread_list(request, category_id: int | None = None, sort: str = "aktivitaet", page: int = 1):
    viewer = _viewer(request)
    if sort not in selectors.THREAD_SORTS:
        raise HttpError(
            400,
            _("Unbekannte Sortierung; erlaubt: %(sorts)s.") % {"sorts": ", ".join(selectors.THREAD_SORTS)},
        )
    category = None
    if category_id is not None:
        category = categories_visible_to(viewer).filter(pk=category_id).first()
        if category is None:
            raise HttpError(404, _("Kategorie nicht gefunden."))
    threads = selectors.thread_list_for_viewer(viewer, category=category, sort=sort).prefetch_related(
        "tags", "category__working_groups"
    )
    paginator = Paginator(threads, settings.FORUM_THREADS_PER_PAGE)
    current = paginator.get_page(page)
    return Status(
        200,
        {
            "count": paginator.count,
            "page": current.number,
            "pages": paginator.num_pages,
            "results": [_thread_out(viewer, t) for t in current],
        },
    )


@router.get("/threads/{thread_id}", response={200: ThreadOut, **ERRORS}, summary="Ein Thema")
def thread_detail(request, thread_id: int):
    viewer = _viewer(request)
    return Status(200, _thread_out(viewer, _thread_or_404(viewer, thread_id)))


@router.get(
    "/threads/{thread_id}/posts", response={200: PostPageOut, **ERRORS}, summary="Beiträge eines Themas"
)
def post_list(request, thread_id: int, page: int = 1):
    viewer = _viewer(request)
    thread = _thread_or_404(viewer, thread_id)
    posts = selectors.posts_for_thread_page(viewer, thread)
    paginator = Paginator(posts, settings.FORUM_POSTS_PER_PAGE)
    current = paginator.get_page(page)
    return Status(
        200,
        {
            "count": paginator.count,
            "page": current.number,
            "pages": paginator.num_pages,
            "results": [_post_out(p) for p in current],
        },
    )


@router.post("/threads", response={201: ThreadOut, **ERRORS}, summary="Neues Thema")
def thread_create(request, payload: ThreadIn):
    viewer = _viewer(request)
    category = categories_visible_to(viewer).filter(pk=payload.category_id).first()
    if category is None:
        raise HttpError(404, _("Kategorie nicht gefunden."))
    tags = list(Term.objects.filter(pk__in=payload.tag_ids))
    if len(tags) != len(set(payload.tag_ids)):
        raise HttpError(400, _("Unbekanntes Schlagwort."))
    practice = None
    if payload.practice_id is not None:
        practice = cms_permissions.practices_visible_to(viewer).filter(pk=payload.practice_id).first()
        if practice is None:
            raise HttpError(400, _("Dieses Praxisbeispiel ist nicht verfügbar."))
    thread = _act(
        lambda: services.thread_create(
            author=request.user,
            category=category,
            title=payload.title,
            body=payload.body,
            tags=tags,
            practice=practice,
            check_privacy=not payload.confirm_privacy,
            rate_limit=True,
        )
    )
    return Status(201, _thread_out(viewer, _thread_or_404(viewer, thread.pk)))


@router.post("/threads/{thread_id}/posts", response={201: PostOut, **ERRORS}, summary="Antworten")
def post_create(request, thread_id: int, payload: PostIn):
    viewer = _viewer(request)
    thread = _thread_or_404(viewer, thread_id)
    post = _act(
        lambda: services.post_create(
            author=request.user,
            thread=thread,
            body=payload.body,
            check_privacy=not payload.confirm_privacy,
            rate_limit=True,
        )
    )
    return Status(201, _post_out(post))


@router.post(
    "/posts/{post_id}/react", response={200: ReactionOut, **ERRORS}, summary="„Hilfreich“ umschalten"
)
def post_react(request, post_id: int):
    viewer = _viewer(request)
    post = posts_visible_to(viewer).select_related("thread", "thread__category").filter(pk=post_id).first()
    if post is None:
        raise HttpError(404, _("Beitrag nicht gefunden."))
    helpful = _act(lambda: services.reaction_toggle(user=request.user, post=post))
    return Status(200, {"post_id": post.pk, "helpful": helpful, "helpful_count": post.reactions.count()})


def _follow(request, *, level: str, thread: Thread | None = None, category=None) -> Status:
    if level == "none":
        notifications.follow_remove(user=request.user, thread=thread, category=category)
        return Status(200, {"level": "none"})
    follow = _act(
        lambda: notifications.follow_set(user=request.user, level=level, thread=thread, category=category)
    )
    return Status(200, {"level": follow.level})


@router.post("/threads/{thread_id}/follow", response={200: FollowOut, **ERRORS}, summary="Einem Thema folgen")
def thread_follow(request, thread_id: int, payload: FollowIn):
    viewer = _viewer(request)
    return _follow(request, level=payload.level, thread=_thread_or_404(viewer, thread_id))


@router.post(
    "/categories/{category_id}/follow",
    response={200: FollowOut, **ERRORS},
    summary="Einer Kategorie folgen",
)
def category_follow(request, category_id: int, payload: FollowIn):
    viewer = _viewer(request)
    category = categories_visible_to(viewer).filter(pk=category_id).first()
    if category is None:
        raise HttpError(404, _("Kategorie nicht gefunden."))
    return _follow(request, level=payload.level, category=category)
