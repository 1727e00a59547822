"""Saved-search pages: save the current search (from the search page), manage them under the
profile, and the one-click unsubscribe of an alert e-mail (no login). Thin: services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..decorators import member_required
from ..http import AuthenticatedRequest
from . import selectors, services
from .forms import SavedSearchForm
from .services import MAX_SAVED_SEARCHES
from .unsubscribe import token_read

LIST_TEMPLATE = "exchange/alerts/saved_searches.html"


def _list(request: AuthenticatedRequest, *, error: str | None = None) -> HttpResponse:
    context = {"rows": selectors.saved_search_rows(request.user), "error": error, "max": MAX_SAVED_SEARCHES}
    return render(request, LIST_TEMPLATE, context, status=400 if error else 200)


def _form_error(form: SavedSearchForm) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


@member_required
def saved_searches(request: AuthenticatedRequest) -> HttpResponse:
    return _list(request)


@require_POST
@member_required
def saved_search_create(request: AuthenticatedRequest) -> HttpResponse:
    """The form under the search page's result count: the search's own parameters plus a name."""
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return _list(request, error=_form_error(form))
    try:
        params = services.params_clean(request.POST)
        services.saved_search_create(user=request.user, params=params, **form.cleaned_data)
    except ValidationError as exc:
        return _list(request, error=" ".join(exc.messages))
    messages.success(
        request, _("Die Suche „%(name)s“ ist gespeichert.") % {"name": form.cleaned_data["name"]}
    )
    return redirect("saved-searches")


@require_POST
@member_required
def saved_search_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    saved = selectors.saved_search_access(request.user, pk)
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return _list(request, error=_form_error(form))
    try:
        services.saved_search_update(user=request.user, saved_search_id=saved.pk, **form.cleaned_data)
    except ValidationError as exc:
        return _list(request, error=" ".join(exc.messages))
    messages.success(request, _("Ihre Änderungen sind gespeichert."))
    return redirect("saved-searches")


@require_POST
@member_required
def saved_search_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    saved = selectors.saved_search_access(request.user, pk)
    services.saved_search_delete(user=request.user, saved_search_id=saved.pk)
    messages.success(request, _("Die Suche „%(name)s“ ist gelöscht.") % {"name": saved.name})
    return redirect("saved-searches")


@csrf_exempt  # RFC 8058: mail programs POST the one-click unsubscribe without a session or token
@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (link scanners must not unsubscribe anyone); POST unsubscribes."""
    template = "exchange/alerts/unsubscribe.html"
    try:
        saved_search_id = token_read(token)
    except ValidationError as exc:
        return render(request, template, {"error": " ".join(exc.messages)}, status=400)
    if request.method == "GET":
        return render(request, template, {"confirm": True})
    saved = services.saved_search_unsubscribe(saved_search_id=saved_search_id)
    return render(request, template, {"done": True, "saved": saved})
