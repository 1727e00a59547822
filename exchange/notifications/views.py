"""Participation pages: notifications, follow levels on thread and category pages, e-mail settings.
Thin: forms in, services and selectors do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import viewer_for
from ..decorators import member_required
from ..forum.permissions import category_access, thread_access
from ..forum.selectors import post_url
from ..http import AuthenticatedRequest
from ..models import Category, Thread
from . import selectors, services
from .forms import UNFOLLOW, FollowForm, NotificationSettingsForm
from .permissions import notification_access


@member_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    notifications = selectors.notification_list_for_viewer(viewer_for(request.user))
    page = Paginator(notifications, 30).get_page(request.GET.get("seite"))
    return render(request, "exchange/notifications/list.html", {"page": page})


@member_required
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: it counts as read, and the reader lands on the post (on the page
    of the thread where the forum shows it)."""
    viewer = viewer_for(request.user)
    notification = notification_access(viewer, pk)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    if notification.message is not None:
        url = reverse("message-conversation", args=[notification.message.conversation_id])
        return redirect(f"{url}#nachricht-{notification.message_id}")
    assert notification.post is not None
    return redirect(post_url(viewer, notification.post))


@require_POST
@member_required
def notification_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if services.notification_mark_read(user=request.user, notification_id=pk) is None:
        raise Http404
    return redirect("notifications")


@require_POST
@member_required
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications")


def _follow(
    request: AuthenticatedRequest, *, thread: Thread | None = None, category: Category | None = None
) -> bool:
    """Save the level chosen in the follow form; False when it is not a valid level."""
    form = FollowForm(request.POST, for_category=category is not None)
    if not form.is_valid():
        return False
    level = form.cleaned_data["level"]
    try:
        if level == UNFOLLOW:
            services.follow_remove(user=request.user, thread=thread, category=category)
        else:
            services.follow_set(user=request.user, level=level, thread=thread, category=category)
    except ValidationError:
        return False
    messages.success(request, _("Ihre Benachrichtigungen wurden gespeichert."))
    return True


def _bad_level(request: AuthenticatedRequest) -> HttpResponse:
    message = _("Bitte wählen Sie eine gültige Benachrichtigungsstufe.")
    return render(request, "exchange/notifications/error.html", {"message": message}, status=400)


@require_POST
@member_required
def follow_thread(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    thread = thread_access(viewer_for(request.user), pk)
    if not _follow(request, thread=thread):
        return _bad_level(request)
    return redirect("forum-thread", pk=thread.pk)


@require_POST
@member_required
def follow_category(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    category = category_access(viewer_for(request.user), slug=slug)
    if not _follow(request, category=category):
        return _bad_level(request)
    return redirect("forum-category", slug=category.slug)


@member_required
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.notification_settings_for(request.user)
    form = NotificationSettingsForm(request.POST or None, initial={"email": current.email})
    if request.method == "POST" and form.is_valid():
        services.notification_settings_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Ihre Einstellungen wurden gespeichert."))
        return redirect("notification-settings")
    context = {"form": form, "follows": selectors.follow_list_for_user(request.user)}
    return render(
        request, "exchange/notifications/settings.html", context, status=400 if form.errors else 200
    )
