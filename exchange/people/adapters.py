from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Joining is open: the signup form (exchange.people.forms.SignupForm) asks for the organisation and
    files a membership request, which a partner contact or the network office decides."""

    def is_open_for_signup(self, request) -> bool:
        return True

    def _invitation_url(self, request: HttpRequest | None) -> str | None:
        session = getattr(request, "session", None)
        token = session.get("invitation_token") if session is not None else None
        if not token:
            return None
        return reverse("invitation-detail", args=[token])

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return self._invitation_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return self._invitation_url(request) or super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address) -> str:
        return self._invitation_url(self.request) or super().get_email_verification_redirect_url(
            email_address
        )


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The login name for django-axes. allauth authenticates with ``email=`` (credentials) while its
    form posts ``login``; both are normalised to the lower-cased address, so the lockout applies to
    the account whichever way it is spelled."""
    value = (credentials or {}).get("email") or (credentials or {}).get("username")
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("login") or data.get("email")
    return str(value).strip().lower() if value else None
