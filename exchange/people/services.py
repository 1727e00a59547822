"""A person's access: deactivation, profile, API tokens, DSGVO deletion, second factor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.usersessions.models import UserSession
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from cms.models import Term

from ..access import viewer_for
from ..membership.audit import audit_record
from ..messages.services import messages_erase
from ..models import AuditEvent, User
from ..validation import clean_text
from .extensions import user_deleting
from .permissions import can_deactivate

MAX_TOKEN_NAME = 100
MAX_TOKENS = 10

# --- Access: deactivation, tokens, sessions ---------------------------------------------------


def user_access_revoke(*, user: User, keep_session_key: str | None = None) -> None:
    """Revoke every API token and end every open session of a person (except ``keep_session_key``)."""
    for token in APIToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoke()
    for session in UserSession.objects.filter(user_id=user.pk):
        if keep_session_key and session.session_key == keep_session_key:
            continue
        session.end()


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, ip_address: str | None = None) -> User:
    """Deactivate a person: no login, no session, no token works any more (on their next request)."""
    if actor is not None and not can_deactivate(viewer_for(actor), actor, user):
        raise PermissionDenied
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    user_access_revoke(user=user)
    audit_record(kind=AuditEvent.Kind.USER_DEACTIVATED, actor=actor, subject=user, ip_address=ip_address)
    return user


@transaction.atomic
def profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    position: str,
    phone: str,
    profile_visibility: str,
    interest_target_groups: Iterable[Any] | None = None,
    interest_professional_fields: Iterable[Any] | None = None,
    interest_region: str | None = None,
) -> User:
    """Update the person's own profile; the ``interest_*`` values (``cms.Term`` objects or ids and a
    region code) are changed only when given, so older callers keep working."""
    first_name = clean_text(first_name, field="first_name", max_length=150)
    last_name = clean_text(last_name, field="last_name", max_length=150)
    position = (position or "").strip()[:200]
    phone = (phone or "").strip()
    if len(phone) > 40:
        raise ValidationError({"phone": _("Höchstens 40 Zeichen.")})
    if profile_visibility not in User.Visibility.values:
        raise ValidationError({"profile_visibility": _("Ungültige Auswahl.")})
    user.first_name, user.last_name, user.position = first_name, last_name, position
    user.phone, user.profile_visibility = phone, profile_visibility
    fields = ["first_name", "last_name", "position", "phone", "profile_visibility"]
    if interest_region is not None:
        if interest_region not in {"", *dict(User._meta.get_field("interest_region").choices or [])}:
            raise ValidationError({"interest_region": _("Ungültige Auswahl.")})
        user.interest_region = interest_region
        fields.append("interest_region")
    user.save(update_fields=fields)
    _interest_terms_set(user, "interest_target_groups", "target_group", interest_target_groups)
    _interest_terms_set(
        user, "interest_professional_fields", "professional_field", interest_professional_fields
    )
    return user


def _interest_terms_set(user: User, name: str, vocabulary: str, values: Iterable[Any] | None) -> None:
    """Set one of the person's interest lists to terms of ``vocabulary`` (None: leave it as it is)."""
    if values is None:
        return
    ids = {getattr(v, "pk", v) for v in values}
    terms = list(Term.objects.filter(pk__in=ids, vocabulary=vocabulary))
    if len(terms) != len(ids):
        raise ValidationError({name: _("Ungültige Auswahl.")})
    getattr(user, name).set(terms)


@transaction.atomic
def api_token_create(*, user: User, name: str, ip_address: str | None = None) -> tuple[APIToken, str]:
    """A personal API token; the plaintext is returned once and never stored."""
    if not viewer_for(user).is_member:
        raise PermissionDenied
    name = clean_text(name, field="name", max_length=MAX_TOKEN_NAME)
    if APIToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise ValidationError({"name": _("Sie haben bereits %(n)d aktive Tokens.") % {"n": MAX_TOKENS}})
    token, plaintext = APIToken.create_token(user=user, name=name)
    audit_record(
        kind=AuditEvent.Kind.TOKEN_CREATED,
        actor=user,
        subject=user,
        ip_address=ip_address,
        detail={"token_id": token.pk, "prefix": token.prefix, "name": name},
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int, ip_address: str | None = None) -> APIToken:
    """Revoke one of the person's own tokens (someone else's token id is simply not found)."""
    token = APIToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise ObjectDoesNotExist
    if token.revoked_at is None:
        token.revoke()
        audit_record(
            kind=AuditEvent.Kind.TOKEN_REVOKED,
            actor=user,
            subject=user,
            ip_address=ip_address,
            detail={"token_id": token.pk, "prefix": token.prefix},
        )
    return token


# --- DSGVO: export and deletion ---------------------------------------------------------------


@transaction.atomic
def user_delete(*, user: User, ip_address: str | None = None) -> None:
    """Delete a person's account. Their forum posts stay, shown as written by "ehemaliges Mitglied";
    the texts of their direct messages are erased."""
    user_access_revoke(user=user)
    audit_record(
        kind=AuditEvent.Kind.ACCOUNT_DELETED,
        actor=None,
        subject=None,
        ip_address=ip_address,
        detail={"user_id": user.pk},
    )
    user_deleting.send(sender=User, user=user)  # other parts release what the person holds
    messages_erase(user=user)  # the texts go; the others see "Diese Person hat das Netzwerk verlassen"
    # Memberships, e-mail addresses, tokens, authenticators and sessions go with the user (CASCADE);
    # threads, posts and audit events keep their rows with the person set to NULL.
    user.delete()


# --- Second factor ----------------------------------------------------------------------------


@transaction.atomic
def totp_enrol(*, user: User, secret: str | None = None) -> str:
    """Give a person a TOTP authenticator (and recovery codes) without the interactive set-up.

    For the demo editor and for test editors; people set up their own through the MFA pages.
    Returns the base32 secret, which the caller shows once. Does nothing when TOTP already exists.
    """
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return ""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    audit_record(kind=AuditEvent.Kind.MFA_ACTIVATED, actor=None, subject=user, detail={"type": "totp"})
    return secret
