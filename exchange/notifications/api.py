"""Follow endpoints of the JSON API, under /api/forum/ beside the forum's (mounted by cms/api.py)."""

from __future__ import annotations

from ninja import Field, Router, Schema

from ..access import member_viewer
from ..forum.permissions import category_access, thread_access
from ..models import Category, Thread, User
from . import services
from .forms import UNFOLLOW

router = Router(tags=["Forum"])


class FollowIn(Schema):
    level: str = Field(
        description="all | new_threads (nur Kategorien) | muted | none (nicht mehr folgen)",
        max_length=20,
    )


class FollowOut(Schema):
    level: str


def _follow(
    user: User, level: str, *, thread: Thread | None = None, category: Category | None = None
) -> dict:
    if level == UNFOLLOW:
        services.follow_remove(user=user, thread=thread, category=category)
        return {"level": UNFOLLOW}
    return {"level": services.follow_set(user=user, level=level, thread=thread, category=category).level}


@router.post("/threads/{thread_id}/follow", response=FollowOut, summary="Einem Thema folgen")
def thread_follow(request, thread_id: int, payload: FollowIn):
    thread = thread_access(member_viewer(request.user), thread_id)
    return _follow(request.user, payload.level, thread=thread)


@router.post("/categories/{category_id}/follow", response=FollowOut, summary="Einer Kategorie folgen")
def category_follow(request, category_id: int, payload: FollowIn):
    category = category_access(member_viewer(request.user), pk=category_id)
    return _follow(request.user, payload.level, category=category)
