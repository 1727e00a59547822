"""Account security: editors and administrators use a second factor, and there is one login page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ..access import requires_mfa

# Pages a person without a second factor may still reach: the account pages (login, logout, MFA set-up,
# password and e-mail), static and media files.
MFA_EXEMPT_PREFIXES = ("/konto/", "/static/", "/media/", "/i18n/")
# Wagtail's own login and password-reset pages would skip allauth (second factor, lockout, audit).
WAGTAIL_LOGIN_PATHS = ("/cms/login/", "/cms/password_reset/")


class MfaRequiredMiddleware:
    """Editors and administrators without TOTP are sent to set it up before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(WAGTAIL_LOGIN_PATHS):
            target = reverse("account_reset_password" if "password_reset" in path else "account_login")
            next_url = request.GET.get("next")
            return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
        if (
            getattr(settings, "MFA_REQUIRED_FOR_STAFF", True)
            and not path.startswith(MFA_EXEMPT_PREFIXES)
            and requires_mfa(request.user)
            and not is_mfa_enabled(request.user, ["totp"])
        ):
            if path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Bitte richten Sie zuerst die Zwei-Faktor-Anmeldung ein.")}, status=403
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
