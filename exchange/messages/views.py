"""Pages of direct messages. Thin: forms in, :mod:`.services` and :mod:`.selectors` do the work, and
every look-up goes through :mod:`.permissions` (a conversation of others answers 404)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import viewer_for
from ..decorators import member_required
from ..forum.attachments import attachment_response
from ..forum.services import RateLimited
from ..http import AuthenticatedRequest
from ..models import User
from . import selectors, services
from .forms import ContactSettingsForm, MessageForm, ReportForm, ResolveForm, StartForm
from .permissions import (
    attachment_access,
    can_contact,
    conversation_access,
    message_access,
    report_access,
)


def _refused(form, exc: Exception) -> None:
    """Put a service's refusal on the form (German message), for a 400 re-render."""
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, getattr(exc, "message", None) or str(exc) or _("Das ist nicht möglich."))


@member_required
def conversation_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.conversation_list(viewer_for(request.user))
    return render(request, "exchange/messages/list.html", {"rows": rows})


@member_required
def conversation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    conversation = conversation_access(viewer, pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                author=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                rate_limit=True,
            )
            return redirect("message-conversation", pk=conversation.pk)
        except (ValidationError, PermissionDenied, RateLimited) as exc:
            _refused(form, exc)
    services.conversation_mark_read(user=request.user, conversation=conversation)
    view = selectors.conversation_view(viewer, conversation)
    context = {"view": view, "form": form}
    return render(request, "exchange/messages/detail.html", context, status=400 if form.errors else 200)


def _recipients(person: User, more: str) -> list[User]:
    handles = [h.strip().lstrip("@").lower() for h in more.split(",") if h.strip()]
    found = list(User.objects.filter(handle__in=handles, is_active=True)) if handles else []
    if len(found) != len(set(handles)):
        raise ValidationError(_("Mindestens einen Kurznamen kennen wir nicht."))
    return [person, *found]


@member_required
def conversation_start(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None or not can_contact(viewer_for(request.user), person):
        raise Http404(_("Person nicht gefunden."))
    form = StartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_start(
                author=request.user,
                recipients=_recipients(person, form.cleaned_data["more"]),
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                rate_limit=True,
            )
            return redirect("message-conversation", pk=conversation.pk)
        except (ValidationError, PermissionDenied, RateLimited) as exc:
            _refused(form, exc)
    context = {"person": person, "form": form}
    return render(request, "exchange/messages/start.html", context, status=400 if form.errors else 200)


@member_required
def message_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = message_access(viewer_for(request.user), pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_report(
                reporter=request.user, message=message, reason=form.cleaned_data["reason"]
            )
            flash.success(request, _("Danke. Die Redaktion sieht sich die Nachricht an."))
            return redirect("message-conversation", pk=message.conversation_id)
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
    context = {"message": message, "form": form}
    return render(request, "exchange/messages/report.html", context, status=400 if form.errors else 200)


@require_POST
@member_required
def person_block(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    """Block or unblock (field ``unblock``) a person; answers the same for any id."""
    person = get_object_or_404(User, pk=user_id)
    if request.POST.get("unblock"):
        services.block_remove(user=request.user, person=person)
        flash.success(request, _("Die Blockierung ist aufgehoben."))
    elif person.pk != request.user.pk:
        services.block_set(user=request.user, person=person)
        flash.success(request, _("Diese Person kann Ihnen keine Nachrichten mehr schreiben."))
    return redirect("message-settings")


@member_required
def contact_settings(request: AuthenticatedRequest) -> HttpResponse:
    initial = {"organisation_only": selectors.organisation_only_for(request.user)}
    form = ContactSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.contact_settings_set(
            user=request.user, organisation_only=form.cleaned_data["organisation_only"]
        )
        flash.success(request, _("Ihre Einstellungen wurden gespeichert."))
        return redirect("message-settings")
    context = {"form": form, "blocked": selectors.blocked_people(request.user)}
    return render(request, "exchange/messages/settings.html", context)


@member_required
def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """Stream a message's file to its readers; the file has no public URL."""
    return attachment_response(attachment_access(viewer_for(request.user), pk))


@member_required
def report_queue(request: AuthenticatedRequest) -> HttpResponse:
    """Editors: the reported messages (only those), open ones first."""
    viewer = viewer_for(request.user)
    if not viewer.is_editor:
        raise Http404
    show_all = request.GET.get("alle") == "1"
    reports = selectors.report_queue(viewer, open_only=not show_all)[:200]
    return render(request, "exchange/messages/reports.html", {"reports": reports, "show_all": show_all})


@require_POST
@member_required
def report_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = report_access(viewer_for(request.user), pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return redirect("message-reports")
    services.report_resolve(actor=request.user, report=report, hide=form.cleaned_data["action"] == "hide")
    flash.success(request, _("Die Meldung ist erledigt."))
    return redirect("message-reports")
