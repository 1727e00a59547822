"""Members-area pages for memberships: requests and decisions, an organisation's members and
invitations, accepting an invitation, and the security log.

Every object is looked up inside what the viewer may act on (:mod:`.permissions`: another
organisation's ids give 404), and every write goes through a service that checks the permission again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import Viewer, viewer_for
from ..decorators import member_required
from ..http import AuthenticatedRequest, client_ip
from ..models import AuditEvent, Membership, Organisation, User
from . import selectors, services
from .forms import InvitationForm, MembershipRequestForm, RejectForm, RoleForm
from .permissions import (
    can_approve_membership,
    can_change_role,
    can_end_membership,
    can_invite,
    can_view_audit_log,
    invitation_access,
    membership_access,
    organisation_access,
    organisations_managed_by,
)


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _back(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    if membership.user_id != request.user.pk:
        return redirect("organisation-members", membership.organisation_id)
    return redirect("membership-list")


@login_required
def membership_list(request: AuthenticatedRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    context = {
        "own": list(selectors.membership_list_for_user(request.user)),
        "pending": list(selectors.membership_pending_for_viewer(viewer)) if viewer.user_id else [],
        "managed": list(organisations_managed_by(viewer)) if viewer.is_member else [],
        "reject_form": RejectForm(),
        "can_view_audit_log": can_view_audit_log(viewer, request.user),
    }
    return render(request, "exchange/membership/list.html", context)


@login_required
def membership_request(request: AuthenticatedRequest) -> HttpResponse:
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.membership_request(
                user=request.user, organisation=organisation, ip_address=client_ip(request)
            )
        except ValidationError as exc:
            form.add_error("organisation", _error_text(exc))
        else:
            messages.success(
                request, _("Ihr Antrag wurde gestellt. Sie erhalten eine E-Mail, sobald er entschieden ist.")
            )
            return redirect("membership-list")
    status = 400 if form.errors else 200
    return render(request, "exchange/membership/request.html", {"form": form}, status=status)


@require_POST
@member_required
def membership_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = membership_access(viewer_for(request.user), pk)
    try:
        services.membership_approve(actor=request.user, membership=membership, ip_address=client_ip(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("membership-list")
    name = membership.user.get_full_name()
    messages.success(request, _("Die Mitgliedschaft von %(name)s wurde freigegeben.") % {"name": name})
    return redirect("membership-list")


@member_required
def membership_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    membership = membership_access(viewer, pk)
    if not can_approve_membership(viewer, membership):
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
    context = {"membership": membership, "form": form}
    return render(request, "exchange/membership/reject.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def membership_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = membership_access(viewer_for(request.user), pk)
    services.membership_end(
        actor=request.user,
        membership=membership,
        ip_address=client_ip(request),
        current_session_key=request.session.session_key,
    )
    if membership.user_id == request.user.pk:
        org = membership.organisation
        messages.success(request, _("Sie haben die Organisation %(org)s verlassen.") % {"org": org})
    else:
        messages.success(request, _("Die Mitgliedschaft wurde beendet."))
    return _back(request, membership)


@require_POST
@member_required
def membership_role(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = membership_access(viewer_for(request.user), pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine gültige Rolle."))
        return _back(request, membership)
    role = form.cleaned_data["role"]
    services.membership_set_role(
        actor=request.user, membership=membership, role=role, ip_address=client_ip(request)
    )
    messages.success(request, _("Die Rolle wurde geändert."))
    return _back(request, membership)


def _invite(request: AuthenticatedRequest, organisation: Organisation, form: InvitationForm) -> bool:
    """Send the invitation of a valid form; False (with the reason on the form) otherwise."""
    if not form.is_valid():
        return False
    email = form.cleaned_data["email"]
    try:
        services.invitation_create(
            inviter=request.user,
            organisation=organisation,
            email=email,
            role=form.cleaned_data["role"],
            ip_address=client_ip(request),
        )
    except ValidationError as exc:
        form.add_error("email", _error_text(exc))
        return False
    messages.success(request, _("Die Einladung an %(email)s wurde verschickt.") % {"email": email})
    return True


def _organisation_context(viewer: Viewer, organisation: Organisation, form: InvitationForm) -> dict:
    members = [
        {
            "membership": m,
            "can_change_role": can_change_role(viewer, m),
            "can_end": can_end_membership(viewer, m),
        }
        for m in selectors.membership_list_for_organisation(viewer, organisation)
    ]
    invitations = selectors.invitation_list_open_for_viewer(viewer).filter(organisation=organisation)
    return {
        "organisation": organisation,
        "members": members,
        "invitations": list(invitations),
        "form": form,
        "roles": Membership.Role.choices,
    }


@member_required
def organisation_members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    organisation = organisation_access(viewer, pk)
    allow_partner = can_invite(viewer, organisation, Membership.Role.PARTNER_CONTACT)
    form = InvitationForm(request.POST or None, allow_partner=allow_partner)
    if request.method == "POST":
        if not can_invite(viewer, organisation, request.POST.get("role", Membership.Role.MEMBER)):
            raise PermissionDenied
        if _invite(request, organisation, form):
            return redirect("organisation-members", organisation.pk)
    context = _organisation_context(viewer, organisation, form)
    status = 400 if request.method == "POST" else 200
    return render(request, "exchange/membership/organisation_members.html", context, status=status)


@require_POST
@member_required
def invitation_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    invitation = invitation_access(viewer_for(request.user), pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation, ip_address=client_ip(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Die Einladung wurde zurückgezogen."))
    return redirect("organisation-members", invitation.organisation_id)


def _invitation_accept(request: HttpRequest, user: User, token: str) -> str:
    """Accept for the logged-in person; returns the reason it failed ("" when it worked)."""
    try:
        membership = services.invitation_accept(user=user, token=token, ip_address=client_ip(request))
    except ValidationError as exc:
        return _error_text(exc)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    request.session.pop("invitation_token", None)
    org = membership.organisation
    messages.success(request, _("Willkommen! Sie sind jetzt Mitglied für %(org)s.") % {"org": org})
    return ""


def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation e-mail: sign up or log in, then accept (verified address required)."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    if not invitation.is_open:
        request.session.pop("invitation_token", None)
        return render(request, "exchange/membership/invitation_closed.html", status=410)
    error = ""
    if not isinstance(request.user, User):  # anonymous: sign-up and login lead back here
        request.session["invitation_token"] = token
    elif request.method == "POST":
        error = _invitation_accept(request, request.user, token)
        if not error:
            return redirect("members-home")
    context = {"invitation": invitation, "error": error}
    return render(
        request, "exchange/membership/invitation_detail.html", context, status=400 if error else 200
    )


@login_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    if not can_view_audit_log(viewer_for(request.user), request.user):
        raise Http404
    kind = request.GET.get("ereignis", "")
    if kind not in AuditEvent.Kind.values:
        kind = ""
    page = Paginator(selectors.audit_event_list(kind=kind), 50).get_page(request.GET.get("seite"))
    context = {
        "page": page,
        "kinds": AuditEvent.Kind.choices,
        "kind": kind,
        "query": f"ereignis={kind}" if kind else "",
    }
    return render(request, "exchange/membership/audit_log.html", context)
