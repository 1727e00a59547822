"""Members-area views for memberships, invitations, the member directory and the audit log.

Every object is looked up inside what the viewer may act on (another organisation's ids give 404),
and every write goes through a service that checks the permission again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .decorators import member_required
from .forms import DirectoryFilterForm, InvitationForm, MembershipRequestForm, RejectForm, RoleForm
from .http import client_ip
from .models import AuditEvent, Invitation, Membership, Organisation, User
from .permissions import (
    can_approve_membership,
    can_change_role,
    can_deactivate,
    can_decide_for,
    can_end_membership,
    can_invite,
    can_view_audit_log,
    can_view_profile,
    memberships_in_reach,
    viewer_for,
)


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _membership_in_reach(request: HttpRequest, pk: int) -> Membership:
    """A membership of the viewer or of an organisation the viewer manages; else 404 (no IDOR)."""
    return get_object_or_404(memberships_in_reach(viewer_for(request.user)), pk=pk)


def _back(request: HttpRequest, membership: Membership | None = None) -> HttpResponse:
    if membership is not None and membership.user_id != request.user.pk:
        return redirect("organisation-members", membership.organisation_id)
    return redirect("membership-list")


@login_required
def membership_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    pending = list(selectors.membership_pending_for_viewer(viewer)) if viewer.user_id else []
    return render(
        request,
        "exchange/membership_list.html",
        {
            "own": list(selectors.membership_list_for_user(request.user)),
            "pending": pending,
            "managed": list(selectors.organisations_managed_by(viewer)) if viewer.is_member else [],
            "reject_form": RejectForm(),
            "can_view_audit_log": can_view_audit_log(viewer, request.user),
        },
    )


@login_required
def membership_request(request: HttpRequest) -> HttpResponse:
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_request(
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error("organisation", _error_text(exc))
        else:
            messages.success(
                request, _("Ihr Antrag wurde gestellt. Sie erhalten eine E-Mail, sobald er entschieden ist.")
            )
            return redirect("membership-list")
    return render(
        request, "exchange/membership_request.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
@member_required
def membership_approve(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_in_reach(request, pk)
    try:
        services.membership_approve(actor=request.user, membership=membership, ip_address=client_ip(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("membership-list")
    messages.success(
        request,
        _("Die Mitgliedschaft von %(name)s wurde freigegeben.") % {"name": membership.user.get_full_name()},
    )
    return redirect("membership-list")


@member_required
def membership_reject(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_in_reach(request, pk)
    if not can_approve_membership(viewer_for(request.user), membership):
        raise PermissionDenied
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_reject(
                actor=request.user,
                membership=membership,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error("reason", _error_text(exc))
        else:
            messages.success(request, _("Der Antrag wurde abgelehnt; die Person wird per E-Mail informiert."))
            return redirect("membership-list")
    return render(
        request,
        "exchange/membership_reject.html",
        {"membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_in_reach(request, pk)
    services.membership_end(
        actor=request.user,
        membership=membership,
        ip_address=client_ip(request),
        current_session_key=request.session.session_key,
    )
    if membership.user_id == request.user.pk:
        messages.success(
            request, _("Sie haben die Organisation %(org)s verlassen.") % {"org": membership.organisation}
        )
    else:
        messages.success(request, _("Die Mitgliedschaft wurde beendet."))
    return _back(request, membership)


@require_POST
@member_required
def membership_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_in_reach(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine gültige Rolle."))
        return _back(request, membership)
    services.membership_set_role(
        actor=request.user,
        membership=membership,
        role=form.cleaned_data["role"],
        ip_address=client_ip(request),
    )
    messages.success(request, _("Die Rolle wurde geändert."))
    return _back(request, membership)


@member_required
def organisation_members(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    if not can_decide_for(viewer, organisation.pk):
        raise Http404
    form = InvitationForm(request.POST or None, allow_partner=viewer.is_editor)
    status = 200
    if request.method == "POST":
        if not can_invite(viewer, organisation, request.POST.get("role", Membership.Role.MEMBER)):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(
                    inviter=request.user,
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    ip_address=client_ip(request),
                )
            except ValidationError as exc:
                form.add_error("email", _error_text(exc))
            else:
                messages.success(
                    request,
                    _("Die Einladung an %(email)s wurde verschickt.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("organisation-members", organisation.pk)
        status = 400
    members = [
        {
            "membership": m,
            "can_change_role": can_change_role(viewer, m),
            "can_end": can_end_membership(viewer, m),
        }
        for m in selectors.membership_list_for_organisation(viewer, organisation)
    ]
    invitations = selectors.invitation_list_open_for_viewer(viewer).filter(organisation=organisation)
    return render(
        request,
        "exchange/organisation_members.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": list(invitations),
            "form": form,
            "roles": Membership.Role.choices,
        },
        status=status,
    )


@require_POST
@member_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    invitation = get_object_or_404(
        Invitation.objects.filter(organisation__in=selectors.organisations_managed_by(viewer)), pk=pk
    )
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation, ip_address=client_ip(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Die Einladung wurde zurückgezogen."))
    return redirect("organisation-members", invitation.organisation_id)


def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation e-mail: sign up or log in, then accept (verified address required)."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    if not invitation.is_open:
        request.session.pop("invitation_token", None)
        return render(request, "exchange/invitation_closed.html", status=410)
    error = ""
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.invitation_accept(
                user=request.user, token=token, ip_address=client_ip(request)
            )
        except ValidationError as exc:
            error = _error_text(exc)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        else:
            request.session.pop("invitation_token", None)
            messages.success(
                request,
                _("Willkommen! Sie sind jetzt Mitglied für %(org)s.") % {"org": membership.organisation},
            )
            return redirect("members-home")
    elif not request.user.is_authenticated:
        request.session["invitation_token"] = token
    return render(
        request,
        "exchange/invitation_detail.html",
        {"invitation": invitation, "error": error},
        status=400 if error else 200,
    )


@member_required
def directory(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.directory_for_viewer(
        viewer,
        q=filters.get("q") or "",
        organisation=filters.get("organisation"),
        region=filters.get("region") or "",
        position=filters.get("position") or "",
        working_group=filters.get("working_group"),
    )
    page = Paginator(people, 25).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request, "exchange/directory.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@member_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = get_object_or_404(User, pk=pk)
    if not can_view_profile(viewer, person):
        raise Http404
    return render(
        request,
        "exchange/profile_detail.html",
        {
            "person": person,
            "memberships": list(selectors.membership_list_for_user(person).effective()),
            "working_groups": list(person.working_groups.order_by("name")),
            "can_deactivate": person.pk != request.user.pk and can_deactivate(viewer, request.user, person),
        },
    )


@require_POST
@login_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk, is_active=True)
    if person.pk == request.user.pk or not can_deactivate(viewer_for(request.user), request.user, person):
        raise Http404
    services.user_deactivate(actor=request.user, user=person, ip_address=client_ip(request))
    messages.success(
        request, _("%(name)s wurde deaktiviert; alle Sitzungen und Tokens sind ungültig.") % {"name": person}
    )
    return redirect("directory")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can_view_audit_log(viewer_for(request.user), request.user):
        raise Http404
    kind = request.GET.get("ereignis", "")
    if kind not in AuditEvent.Kind.values:
        kind = ""
    page = Paginator(selectors.audit_event_list(kind=kind), 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "exchange/audit_log.html",
        {
            "page": page,
            "kinds": AuditEvent.Kind.choices,
            "kind": kind,
            "query": f"ereignis={kind}" if kind else "",
        },
    )
