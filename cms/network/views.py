"""Public pages of the network (join form, partner list) and the editors' decision views in the
Wagtail admin (registered in wagtail_hooks.py). Views stay thin: forms, services, selectors."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from exchange.access import viewer_for
from exchange.http import client_ip
from exchange.models import Organisation

from . import selectors, services
from .forms import JoinRequestForm, started_token
from .models import JoinRequest
from .permissions import decider_required, join_request_access
from .ratelimit import join_attempt_allowed

RATE_LIMITED = gettext_lazy(
    "Von Ihrem Anschluss kamen in der letzten Stunde zu viele Anfragen. Bitte versuchen Sie es später erneut."
)


def _join_page(
    request: HttpRequest, form: JoinRequestForm, status: int = 200, error: str = ""
) -> HttpResponse:
    context = {"form": form, "started": started_token(), "error": error, "figures": selectors.live_figures()}
    return render(request, "network/join.html", context, status=status)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The public join form: 429 beyond the rate limit, 400 with German errors, else the thanks page."""
    if request.method != "POST":
        return _join_page(request, JoinRequestForm())
    if not join_attempt_allowed(client_ip(request)):
        kept = {k: v for k, v in request.POST.items() if k in JoinRequestForm.Meta.fields}
        return _join_page(request, JoinRequestForm(initial=kept), status=429, error=str(RATE_LIMITED))
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        try:
            services.join_request_submit(**{k: form.cleaned_data[k] for k in JoinRequestForm.Meta.fields})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("network-join-thanks")
    return _join_page(request, form, status=400)


@require_GET
def join_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "network/join_thanks.html")


class PartnerFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=gettext_lazy("Regierungsbezirk"),
        required=False,
        choices=[("", gettext_lazy("alle")), *Organisation.Region.choices],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Art der Organisation"),
        required=False,
        choices=[("", gettext_lazy("alle")), *Organisation.Kind.choices],
    )


@require_GET
def partners(request: HttpRequest) -> HttpResponse:
    """The public partner list, filterable by region and kind without JavaScript (a GET form)."""
    form = PartnerFilterForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "groups": selectors.partner_groups(region=chosen.get("region", ""), kind=chosen.get("kind", "")),
        "filtered": any(chosen.values()),
        "figures": selectors.live_figures(),
    }
    return render(request, "network/partners.html", context, status=200 if form.is_valid() else 400)


# --- Wagtail admin: the editors' decision --------------------------------------------------------


class DecisionForm(forms.Form):
    news_draft = forms.BooleanField(
        label=gettext_lazy("Meldung unter „Aktuelles“ als Entwurf anlegen"), required=False, initial=True
    )
    reason = forms.CharField(
        label=gettext_lazy("Begründung (nur bei Ablehnung, geht an die Ansprechperson)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@require_GET
def join_request_list(request: HttpRequest) -> HttpResponse:
    decider_required(viewer_for(request.user))
    context = {"pending": selectors.join_requests_pending(), "decided": selectors.join_requests_decided()}
    return render(request, "network/admin/join_request_list.html", context)


@require_http_methods(["GET", "POST"])
def join_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the request and the decision form; POST: approve or reject (German errors, 400)."""
    join_request = join_request_access(viewer_for(request.user), pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, join_request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("network-join-request", pk=pk)
    status = 400 if form.errors else 200
    context = {"join_request": join_request, "form": form}
    return render(request, "network/admin/join_request_detail.html", context, status=status)


def _decide(request: HttpRequest, join_request: JoinRequest, form: DecisionForm) -> None:
    actor = request.user
    if request.POST.get("action") == "approve":
        services.join_request_approve(
            actor=actor,  # type: ignore[arg-type]  # the Wagtail admin requires a login
            join_request=join_request,
            news_draft=form.cleaned_data["news_draft"],
            ip_address=client_ip(request),
        )
        messages.success(request, _("Aufgenommen. Die Einladung an die Ansprechperson ist unterwegs."))
    elif request.POST.get("action") == "reject":
        services.join_request_reject(
            actor=actor,  # type: ignore[arg-type]  # the Wagtail admin requires a login
            join_request=join_request,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Abgelehnt. Die Ansprechperson erhält die Begründung per E-Mail."))
    else:
        raise ValidationError(_("Bitte wählen Sie „Aufnehmen“ oder „Ablehnen“."))


@require_GET
def join_request_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The Beitrittsurkunde as PDF, for editors only (404 before the approval)."""
    join_request = join_request_access(viewer_for(request.user), pk)
    if not join_request.certificate_pdf:
        return render(request, "404.html", status=404)
    response = HttpResponse(bytes(join_request.certificate_pdf), content_type="application/pdf")
    filename = f"Beitrittsurkunde-{services.certificate_number(join_request)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
