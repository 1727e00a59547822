"""Participation pages: notifications, follow levels on thread and category pages, e-mail settings,
and the @handle address that mentions link to. Thin: forms in, services and selectors do the work."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import notification_selectors, selectors
from .decorators import member_required
from .models import Category, Follow, NotificationSettings, Thread, User
from .permissions import can_view_profile, can_view_thread, viewer_for
from .services import notifications as services

UNFOLLOW = "none"


class FollowForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Benachrichtigungen"))

    def __init__(self, *args, for_category: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        levels = [Follow.Level.ALL, *([Follow.Level.NEW_THREADS] if for_category else []), Follow.Level.MUTED]
        self.fields["level"].choices = [(UNFOLLOW, _("nicht folgen"))] + [
            (lv.value, lv.label) for lv in levels
        ]


class NotificationSettingsForm(forms.Form):
    email = forms.ChoiceField(
        label=gettext_lazy("E-Mail-Benachrichtigungen"),
        choices=NotificationSettings.Email.choices,
        widget=forms.RadioSelect,
    )


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "exchange/notifications_error.html", {"message": message}, status=400)


@member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(notification_selectors.notification_list_for_viewer(viewer), 30).get_page(
        request.GET.get("seite")
    )
    return render(request, "exchange/notifications.html", {"page": page})


@member_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: it counts as read, and the reader lands on the post."""
    viewer = viewer_for(request.user)
    notification = get_object_or_404(notification_selectors.notification_list_for_viewer(viewer), pk=pk)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    return redirect(selectors.post_url(viewer, notification.post))


@require_POST
@member_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if services.notification_mark_read(user=request.user, notification_id=pk) is None:
        raise Http404
    return redirect("notifications")


@require_POST
@member_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications")


def _follow(request: HttpRequest, *, thread: Thread | None, category: Category | None) -> HttpResponse:
    form = FollowForm(request.POST, for_category=category is not None)
    if not form.is_valid():
        return _bad_request(request, _("Bitte wählen Sie eine gültige Benachrichtigungsstufe."))
    level = form.cleaned_data["level"]
    try:
        if level == UNFOLLOW:
            services.follow_remove(user=request.user, thread=thread, category=category)
        else:
            services.follow_set(user=request.user, level=level, thread=thread, category=category)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError:
        return _bad_request(request, _("Bitte wählen Sie eine gültige Benachrichtigungsstufe."))
    messages.success(request, _("Ihre Benachrichtigungen wurden gespeichert."))
    if thread is not None:
        return redirect("forum-thread", pk=thread.pk)
    assert category is not None
    return redirect("forum-category", slug=category.slug)


@require_POST
@member_required
def follow_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("category"), pk=pk)
    if not can_view_thread(viewer_for(request.user), thread):
        raise Http404
    return _follow(request, thread=thread, category=None)


@require_POST
@member_required
def follow_category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    return _follow(request, thread=None, category=category)


@member_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    current = notification_selectors.notification_settings_for(request.user)
    form = NotificationSettingsForm(request.POST or None, initial={"email": current.email})
    if request.method == "POST" and form.is_valid():
        services.notification_settings_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Ihre Einstellungen wurden gespeichert."))
        return redirect("notification-settings")
    follows = notification_selectors.follow_list_for_user(request.user)
    return render(
        request,
        "exchange/notifications_settings.html",
        {"form": form, "follows": follows},
        status=400 if form.errors else 200,
    )


@member_required
def profile_by_handle(request: HttpRequest, handle: str) -> HttpResponse:
    """Where @mentions link to: the profile, when the reader may see it (404 otherwise, same as unknown)."""
    person = User.objects.filter(handle=handle.lower(), is_active=True).first()
    if person is None or not can_view_profile(viewer_for(request.user), person):
        raise Http404
    return redirect("profile-detail", pk=person.pk)
