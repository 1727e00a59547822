"""Who hears of what: notifications follow the forum's visibility at the moment they are made, shown
and mailed, so a member who lost access (or a post that was hidden) in between gets nothing."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..access import Viewer
from ..forum.permissions import can_view_category, can_view_thread, categories_visible_to
from ..models import Category, Notification, Thread, User


def notifications_visible_to(viewer: Viewer) -> QuerySet[Notification]:
    """The viewer's own notifications, while the post is shown and its thread visible to them."""
    if viewer.user_id is None or not viewer.is_member:
        return Notification.objects.none()
    return Notification.objects.filter(
        recipient_id=viewer.user_id,
        post__is_hidden=False,
        post__thread__category__in=categories_visible_to(viewer),
    )


def notification_access(viewer: Viewer, pk: int) -> Notification:
    """One of the viewer's visible notifications, with its post and thread; else 404."""
    notification = notifications_visible_to(viewer).select_related("post__thread").filter(pk=pk).first()
    if notification is None:
        raise Http404(_("Benachrichtigung nicht gefunden."))
    return notification


def can_follow(viewer: Viewer, *, thread: Thread | None = None, category: Category | None = None) -> bool:
    """Members follow the threads and categories they see."""
    if thread is not None:
        return viewer.is_member and can_view_thread(viewer, thread)
    return viewer.is_member and category is not None and can_view_category(viewer, category)


def can_be_notified(viewer: Viewer, user: User, thread: Thread) -> bool:
    """``user`` (whose viewer is ``viewer``) may hear of posts in ``thread``: active, a member, and
    able to see the thread."""
    return user.is_active and viewer.is_member and can_view_thread(viewer, thread)
