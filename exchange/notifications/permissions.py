"""Who hears of what: notifications follow the forum's visibility at the moment they are made, shown
and mailed, so a member who lost access (or a post that was hidden) in between gets nothing."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..access import Viewer
from ..forum.permissions import can_view_category, can_view_thread, categories_visible_to
from ..messages.permissions import can_read, message_text_shown, participants_members
from ..models import Category, Notification, Thread, User


def notifications_visible_to(viewer: Viewer) -> QuerySet[Notification]:
    """The viewer's own notifications, while the post is shown and its thread visible to them."""
    if viewer.user_id is None or not viewer.is_member:
        return Notification.objects.none()
    forum = Q(post__is_hidden=False, post__thread__category__in=categories_visible_to(viewer))
    # a direct message: shown while the viewer is in its conversation and no editor hid it
    message = Q(
        message__hidden_by_moderation=False,
        message__conversation__participants__user_id=viewer.user_id,
    )
    return Notification.objects.filter(forum | message, recipient_id=viewer.user_id)


def notification_access(viewer: Viewer, pk: int) -> Notification:
    """One of the viewer's visible notifications, with its post and thread; else 404."""
    notification = (
        notifications_visible_to(viewer).select_related("post__thread", "message").filter(pk=pk).first()
    )
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


def can_be_mailed_message(viewer: Viewer, user: User, notification: Notification) -> bool:
    """A message notification is mailed (with an excerpt) only while the recipient may read the
    conversation and the message's text is shown there (author still a member, not hidden)."""
    message = notification.message
    if message is None or not user.is_active or not can_read(viewer, message.conversation):
        return False
    return message_text_shown(message, participants_members(message.conversation))
