"""Writes of the exchange app: one verb per function, keyword-only, each owns its transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from search.services import outbox_record

from . import markdown
from .models import AuditEvent, Category, Invitation, Membership, Organisation, Post, Thread, User
from .permissions import (
    can_approve_membership,
    can_change_role,
    can_deactivate,
    can_decide_for,
    can_end_membership,
    can_invite,
    can_post_in,
    can_view_category,
    is_editor,
    viewer_for,
)

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_REASON = 2_000
MAX_TOKEN_NAME = 100
MAX_TOKENS = 10


def _clean_text(value: str, *, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: "Dieses Feld darf nicht leer sein."})
    if len(value) > max_length:
        raise ValidationError({field: f"Höchstens {max_length} Zeichen."})
    return value


@transaction.atomic
def thread_create(*, author: User, category: Category, title: str, body: str) -> Thread:
    if not can_view_category(viewer_for(author), category) or not viewer_for(author).is_member:
        raise PermissionDenied
    title = _clean_text(title, field="title", max_length=MAX_TITLE)
    body = _clean_text(body, field="body", max_length=MAX_BODY)
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=title, author=author, created_at=now, last_activity_at=now, post_count=1
    )
    Post.objects.create(
        thread=thread, author=author, body=body, body_html=markdown.render(body), created_at=now
    )
    outbox_record(kind="thread", object_ids=[thread.pk])
    return thread


@transaction.atomic
def post_create(*, author: User, thread: Thread, body: str) -> Post:
    if not can_post_in(viewer_for(author), thread):
        raise PermissionDenied
    body = _clean_text(body, field="body", max_length=MAX_BODY)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=author, body=body, body_html=markdown.render(body), created_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now, post_count=F("post_count") + 1)
    outbox_record(kind="thread", object_ids=[thread.pk])
    return post


# --- Audit log --------------------------------------------------------------------------------


def audit_record(
    *,
    kind: str,
    actor: User | None = None,
    subject: User | None = None,
    organisation: Organisation | None = None,
    ip_address: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a security-relevant event. Callers pass no secrets: never passwords, never tokens."""
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        subject=subject if subject is not None and subject.pk else None,
        organisation=organisation,
        ip_address=ip_address or None,
        detail=detail or {},
    )


def _notify(task_name: str, *args: Any) -> None:
    """Queue an e-mail task after the surrounding transaction commits (never inside the request)."""
    from . import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(*args), robust=True)


# --- Membership -------------------------------------------------------------------------------


def _locked(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)


def email_is_verified(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@transaction.atomic
def membership_request(
    *, user: User, organisation: Organisation, ip_address: str | None = None
) -> Membership:
    """A person asks to join an organisation: a pending membership that a partner contact decides."""
    if not user.is_active:
        raise PermissionDenied
    if organisation.status != Organisation.Status.ACTIVE:
        raise ValidationError({"organisation": _("Diese Organisation nimmt keine Mitglieder mehr auf.")})
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if membership is not None:
        if membership.status == Membership.Status.ACTIVE:
            raise ValidationError({"organisation": _("Sie sind bereits Mitglied dieser Organisation.")})
        if membership.status == Membership.Status.PENDING:
            raise ValidationError(
                {"organisation": _("Sie haben für diese Organisation bereits eine Mitgliedschaft beantragt.")}
            )
        membership.status = Membership.Status.PENDING
        membership.role = Membership.Role.MEMBER
        membership.created_at = timezone.now()
        membership.decided_at = None
        membership.decided_by = None
        membership.reason = ""
        membership.save()
    else:
        membership = Membership.objects.create(
            user=user, organisation=organisation, status=Membership.Status.PENDING
        )
    audit_record(
        kind=AuditEvent.Kind.MEMBERSHIP_REQUESTED,
        actor=user,
        subject=user,
        organisation=organisation,
        ip_address=ip_address,
    )
    if email_is_verified(user):
        _notify("notify_membership_requested", membership.pk)
    return membership


def membership_requests_notify_after_verification(*, user: User) -> None:
    """Once the e-mail address is verified, the deciders learn about the person's pending requests."""
    for membership_id in Membership.objects.filter(user=user, status=Membership.Status.PENDING).values_list(
        "pk", flat=True
    ):
        _notify("notify_membership_requested", membership_id)


@transaction.atomic
def membership_approve(*, actor: User, membership: Membership, ip_address: str | None = None) -> Membership:
    membership = _locked(membership)
    if not can_approve_membership(viewer_for(actor), membership):
        raise PermissionDenied
    if not email_is_verified(membership.user):
        raise ValidationError(_("Die E-Mail-Adresse dieser Person ist noch nicht bestätigt."))
    return _decide(
        membership,
        actor=actor,
        status=Membership.Status.ACTIVE,
        reason="",
        kind=AuditEvent.Kind.MEMBERSHIP_APPROVED,
        ip_address=ip_address,
    )


@transaction.atomic
def membership_reject(
    *, actor: User, membership: Membership, reason: str, ip_address: str | None = None
) -> Membership:
    membership = _locked(membership)
    if not can_approve_membership(viewer_for(actor), membership):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie eine Begründung an.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Höchstens %(n)d Zeichen.") % {"n": MAX_REASON}})
    return _decide(
        membership,
        actor=actor,
        status=Membership.Status.REJECTED,
        reason=reason,
        kind=AuditEvent.Kind.MEMBERSHIP_REJECTED,
        ip_address=ip_address,
    )


def _decide(
    membership: Membership, *, actor: User, status: str, reason: str, kind: str, ip_address: str | None
) -> Membership:
    """Record a decision on a membership request, audit it and notify the person after commit."""
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.reason = reason
    membership.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    audit_record(
        kind=kind,
        actor=actor,
        subject=membership.user,
        organisation=membership.organisation,
        ip_address=ip_address,
    )
    _notify("notify_membership_decided", membership.pk)
    return membership


@transaction.atomic
def membership_end(
    *,
    actor: User,
    membership: Membership,
    ip_address: str | None = None,
    current_session_key: str | None = None,
) -> Membership:
    """Leave an organisation or remove someone from it. Without an active membership left the person's
    tokens are revoked and their other sessions end; when they leave themselves, the session they do it
    in stays (as a non-member's), so they can still see their data or request again."""
    membership = _locked(membership)
    if not can_end_membership(viewer_for(actor), membership):
        raise PermissionDenied
    membership.status = Membership.Status.ENDED
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        kind=AuditEvent.Kind.MEMBERSHIP_ENDED,
        actor=actor,
        subject=membership.user,
        organisation=membership.organisation,
        ip_address=ip_address,
    )
    person = membership.user
    still_member = Membership.objects.filter(
        user=person, status=Membership.Status.ACTIVE, organisation__status=Organisation.Status.ACTIVE
    ).exists()
    if not still_member and not is_editor(person):
        keep = current_session_key if person.pk == actor.pk else None
        user_access_revoke(user=person, keep_session_key=keep)
    return membership


@transaction.atomic
def membership_set_role(
    *, actor: User, membership: Membership, role: str, ip_address: str | None = None
) -> Membership:
    membership = _locked(membership)
    if not can_change_role(viewer_for(actor), membership):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unbekannte Rolle.")})
    previous = membership.role
    if previous == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        kind=AuditEvent.Kind.ROLE_CHANGED,
        actor=actor,
        subject=membership.user,
        organisation=membership.organisation,
        ip_address=ip_address,
        detail={"from": previous, "to": role},
    )
    return membership


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
) -> User:
    first_name = _clean_text(first_name, field="first_name", max_length=150)
    last_name = _clean_text(last_name, field="last_name", max_length=150)
    position = (position or "").strip()[:200]
    phone = (phone or "").strip()
    if len(phone) > 40:
        raise ValidationError({"phone": _("Höchstens 40 Zeichen.")})
    if profile_visibility not in User.Visibility.values:
        raise ValidationError({"profile_visibility": _("Ungültige Auswahl.")})
    user.first_name, user.last_name, user.position = first_name, last_name, position
    user.phone, user.profile_visibility = phone, profile_visibility
    user.save(update_fields=["first_name", "last_name", "position", "phone", "profile_visibility"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, ip_address: str | None = None) -> tuple[APIToken, str]:
    """A personal API token; the plaintext is returned once and never stored."""
    if not viewer_for(user).is_member:
        raise PermissionDenied
    name = _clean_text(name, field="name", max_length=MAX_TOKEN_NAME)
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
    """Delete a person's account. Their forum posts stay, shown as written by "ehemaliges Mitglied"."""
    user_access_revoke(user=user)
    audit_record(
        kind=AuditEvent.Kind.ACCOUNT_DELETED,
        actor=None,
        subject=None,
        ip_address=ip_address,
        detail={"user_id": user.pk},
    )
    # Memberships, e-mail addresses, tokens, authenticators and sessions go with the user (CASCADE);
    # threads, posts and audit events keep their rows with the person set to NULL.
    user.delete()


# --- Invitations ------------------------------------------------------------------------------

INVITATION_VALIDITY = timedelta(days=14)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_create(
    *,
    inviter: User,
    organisation: Organisation,
    email: str,
    role: str = Membership.Role.MEMBER,
    ip_address: str | None = None,
) -> tuple[Invitation, str]:
    """Invite one e-mail address; a previous open invitation for it is replaced. Returns the token once."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unbekannte Rolle.")})
    if not can_invite(viewer_for(inviter), organisation, role):
        raise PermissionDenied
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")}) from exc
    if Membership.objects.filter(
        organisation=organisation, user__email__iexact=email, status=Membership.Status.ACTIVE
    ).exists():
        raise ValidationError({"email": _("Diese Person ist bereits Mitglied der Organisation.")})
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=invitation_token_hash(token),
        invited_by=inviter,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    audit_record(
        kind=AuditEvent.Kind.INVITATION_CREATED,
        actor=inviter,
        organisation=organisation,
        ip_address=ip_address,
        detail={"invitation_id": invitation.pk, "email": email, "role": role},
    )
    _notify("send_invitation", invitation.pk, token)
    return invitation, token


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation, ip_address: str | None = None) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if not can_decide_for(viewer_for(actor), invitation.organisation_id):
        raise PermissionDenied
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("Diese Einladung ist nicht mehr offen."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        kind=AuditEvent.Kind.INVITATION_REVOKED,
        actor=actor,
        organisation=invitation.organisation,
        ip_address=ip_address,
        detail={"invitation_id": invitation.pk},
    )
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, token: str, ip_address: str | None = None) -> Membership:
    """Accept an invitation: needs the invited, verified e-mail address; gives an active membership."""
    found = invitation_for_token(token)
    if found is None:
        raise ObjectDoesNotExist
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=found.pk)
    if not invitation.is_open:
        raise ValidationError(_("Diese Einladung ist abgelaufen oder wurde bereits verwendet."))
    if invitation.organisation.status != Organisation.Status.ACTIVE:
        raise ValidationError(_("Diese Organisation nimmt keine Mitglieder mehr auf."))
    if not user.is_active:
        raise PermissionDenied
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(
            _("Die Einladung gilt für %(email)s. Bitte melden Sie sich mit dieser, bestätigten Adresse an.")
            % {"email": invitation.email}
        )
    now = timezone.now()
    membership, _created = Membership.objects.select_for_update().get_or_create(
        user=user, organisation=invitation.organisation
    )
    already_contact = (
        membership.status == Membership.Status.ACTIVE and membership.role == Membership.Role.PARTNER_CONTACT
    )
    membership.role = Membership.Role.PARTNER_CONTACT if already_contact else invitation.role
    membership.status = Membership.Status.ACTIVE
    membership.decided_at = now
    membership.decided_by = invitation.invited_by
    membership.reason = ""
    membership.save()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        kind=AuditEvent.Kind.INVITATION_ACCEPTED,
        actor=user,
        subject=user,
        organisation=invitation.organisation,
        ip_address=ip_address,
        detail={"invitation_id": invitation.pk, "role": membership.role},
    )
    return membership


# --- Second factor ----------------------------------------------------------------------------


@transaction.atomic
def totp_enrol(*, user: User, secret: str | None = None) -> str:
    """Give a person a TOTP authenticator (and recovery codes) without the interactive set-up.

    For the demo editor and for test editors; people set up their own through the MFA pages.
    Returns the base32 secret, which the caller shows once. Does nothing when TOTP already exists.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return ""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    audit_record(kind=AuditEvent.Kind.MFA_ACTIVATED, actor=None, subject=user, detail={"type": "totp"})
    return secret
