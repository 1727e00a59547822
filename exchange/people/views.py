"""Pages about people: the person's own profile, API tokens, data export and account deletion; the
member directory, a colleague's profile (also by @handle), and deactivation by the editors."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import viewer_for
from ..decorators import member_required
from ..http import AuthenticatedRequest, client_ip
from ..membership.audit import audit_record
from ..membership.selectors import membership_list_for_user
from ..messages.permissions import can_contact, contactable_ids
from ..messages.selectors import has_blocked
from ..models import AuditEvent
from . import selectors, services
from .forms import DeleteAccountForm, DirectoryFilterForm, ProfileForm, TokenForm
from .permissions import can_deactivate, deactivatable_person_access, profile_access


def _render_profile(
    request: AuthenticatedRequest,
    *,
    form: ProfileForm | None = None,
    token_form: TokenForm | None = None,
    new_token: str = "",
    status: int = 200,
) -> HttpResponse:
    viewer = viewer_for(request.user)
    interests = selectors.member_interests(request.user)
    return render(
        request,
        "exchange/people/profile.html",
        {
            "form": form or _profile_form(request),
            "interests_suggested": interests.suggested,
            "token_form": token_form or TokenForm(),
            "tokens": list(selectors.api_token_list_for_user(request.user)),
            "new_token": new_token,
            "can_have_tokens": viewer.is_member,
        },
        status=status,
    )


def _profile_form(request: AuthenticatedRequest) -> ProfileForm:
    interests = selectors.member_interests(request.user)
    return ProfileForm(instance=request.user, suggested=interests if interests.suggested else None)


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_profile(request)
    form = ProfileForm(request.POST, instance=request.user)
    if form.is_valid():
        try:
            services.profile_update(user=request.user, **{k: form.cleaned_data[k] for k in form.Meta.fields})
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Ihr Profil wurde gespeichert."))
            return redirect("profile")
    request.user.refresh_from_db()
    return _render_profile(request, form=form, status=400)


@require_POST
@login_required
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, token_form=form, status=400)
    try:
        _token, plaintext = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], ip_address=client_ip(request)
        )
    except ValidationError as exc:
        form.add_error("name", " ".join(exc.messages))
        return _render_profile(request, token_form=form, status=400)
    # Shown exactly once, in this response; only its digest is stored.
    response = _render_profile(request, new_token=plaintext)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=request.user, token_id=pk, ip_address=client_ip(request))
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("Das Token wurde widerrufen."))
    return redirect("profile")


@login_required
def data_export(request: AuthenticatedRequest) -> HttpResponse:
    data = selectors.user_data_export(request.user)
    audit_record(
        kind=AuditEvent.Kind.DATA_EXPORTED,
        actor=request.user,
        subject=request.user,
        ip_address=client_ip(request),
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sicherimdienst-daten-{timezone.localdate():%Y-%m-%d}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user, ip_address=client_ip(request))
        messages.success(request, _("Ihr Konto wurde gelöscht."))
        return redirect("/")
    status = 400 if form.errors else 200
    return render(request, "exchange/people/account_delete.html", {"form": form}, status=status)


# --- Colleagues -----------------------------------------------------------------------------------


@member_required
def directory(request: AuthenticatedRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.directory_for_viewer(
        viewer_for(request.user),
        q=filters.get("q") or "",
        organisation=filters.get("organisation"),
        region=filters.get("region") or "",
        position=filters.get("position") or "",
        working_group=filters.get("working_group"),
    )
    page = Paginator(people, 25).get_page(request.GET.get("seite"))
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("seite", None)
    can_message = contactable_ids(viewer_for(request.user), page.object_list)
    context = {"form": form, "page": page, "query": query.urlencode(), "can_message": can_message}
    return render(request, "exchange/people/directory.html", context)


@member_required
def profile_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = profile_access(viewer, pk=pk)
    context = {
        "person": person,
        "memberships": list(membership_list_for_user(person).effective()),
        "working_groups": list(person.working_groups.order_by("name")),
        "can_deactivate": can_deactivate(viewer, request.user, person),
        "can_message": can_contact(viewer, person),
        "has_blocked": has_blocked(request.user, person),
    }
    return render(request, "exchange/people/profile_detail.html", context)


@member_required
def profile_by_handle(request: AuthenticatedRequest, handle: str) -> HttpResponse:
    """Where @mentions link to: the profile, when the reader may see it (404 otherwise, same as unknown)."""
    person = profile_access(viewer_for(request.user), handle=handle)
    return redirect("profile-detail", pk=person.pk)


@require_POST
@login_required
def user_deactivate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = deactivatable_person_access(viewer_for(request.user), request.user, pk)
    services.user_deactivate(actor=request.user, user=person, ip_address=client_ip(request))
    messages.success(
        request, _("%(name)s wurde deaktiviert; alle Sitzungen und Tokens sind ungültig.") % {"name": person}
    )
    return redirect("directory")
