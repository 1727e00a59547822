"""Members-area views: the members' start page, and the pages around best practices (thin: permission
via cms.permissions, work in services)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access

from exchange.access import viewer_for
from exchange.decorators import member_required
from exchange.forum.selectors import thread_list_for_interests
from exchange.http import AuthenticatedRequest
from exchange.notifications.selectors import followed_threads_with_news, notification_latest_unread
from exchange.people.selectors import interest_labels, member_interests

from . import permissions, selectors, services
from .events.selectors import event_list_upcoming
from .forms import AdoptionForm, PracticeDraftForm
from .models import PracticePage, TopicCollection


def editors_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A Wagtail admin view for editors alone, mounted outside ``wagtailadmin_urls``: Wagtail's own
    ``require_admin_access`` sends people without admin access to the login (as every admin URL
    does) and partner contacts, refused here, back to the dashboard with its message."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_superuser and not viewer_for(request.user).is_editor:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(guarded)


@member_required
def members_home(request: AuthenticatedRequest) -> HttpResponse:
    """The members' start page: editors' picks, then practices and threads matching the person's
    target groups, professional fields and region (saved in the profile, else suggested from the
    organisation), then unread notifications and followed threads with new posts."""
    viewer = viewer_for(request.user)
    interests = member_interests(request.user)
    practices = selectors.practice_list_for_interests(
        viewer,
        target_group_ids=interests.target_group_ids,
        professional_field_ids=interests.professional_field_ids,
        region=interests.region,
    )
    matching = [p.pk for p in practices if getattr(p, "matches_interests", False)]
    context = {
        "practices": practices,
        "threads": thread_list_for_interests(viewer, practice_ids=matching, region=interests.region),
        "featured_practices": selectors.featured_practice_list(viewer),
        "interests": interests,
        "interest_labels": interest_labels(interests),
        "notifications": notification_latest_unread(viewer),
        "followed_threads": followed_threads_with_news(viewer),
        "upcoming_events": event_list_upcoming(viewer, limit=3),
    }
    return render(request, "cms/members_home.html", context)


def practice_attachment(request: HttpRequest, page_id: int, attachment_id: int) -> HttpResponseBase:
    """Stream an attachment to those who may see the practice; never a public media URL."""
    page = get_object_or_404(PracticePage.objects.live(), pk=page_id)
    if not permissions.can_view_practice(request.user, page):
        return permissions.refusal(request)
    attachment = get_object_or_404(page.attachments.select_related("document"), pk=attachment_id)
    return attachment.download_response()


@member_required
@require_POST
def practice_adopt(request: AuthenticatedRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(PracticePage.objects.live(), pk=page_id)
    viewer = viewer_for(request.user)
    if not permissions.can_view_practice(viewer, page):
        raise Http404
    detail = selectors.practice_detail(viewer, page)
    form = AdoptionForm(request.POST, organisations=detail.adoption_orgs)
    if not form.is_valid():
        messages.error(
            request, _("Bitte wählen Sie Ihre Organisation; der Bericht darf höchstens 4000 Zeichen haben.")
        )
        return redirect(page.url)
    try:
        services.practice_adoption_create(
            user=request.user,
            page=page,
            organisation_id=form.cleaned_data["organisation"],
            experience=form.cleaned_data["experience"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Danke! Ihre Organisation ist jetzt als Anwenderin eingetragen."))
    return redirect(page.url + "#adoptions")


@member_required
def topic_collection(request: HttpRequest, slug: str) -> HttpResponse:
    collection = get_object_or_404(TopicCollection, slug=slug, is_active=True)
    practices = selectors.topic_collection_practices(viewer_for(request.user), collection)
    return render(request, "cms/topic_collection.html", {"collection": collection, "practices": practices})


@member_required
def practice_draft_create(request: AuthenticatedRequest) -> HttpResponse:
    """Members-area form for partner contacts: creates a draft in the admin, then submit for review."""
    viewer = viewer_for(request.user)
    if not permissions.can_create_practice(viewer):
        raise PermissionDenied
    form = PracticeDraftForm(
        request.POST or None, organisation_ids=permissions.organisations_for_new_practice(viewer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            page = services.practice_draft_create(
                user=request.user, submit=request.POST.get("action") == "submit", **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Ihr Entwurf ist gespeichert. Ergänzen Sie ihn bei Bedarf "
                    "und reichen Sie ihn zur Prüfung ein."
                ),
            )
            return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return render(request, "cms/practice_draft_form.html", {"form": form})
