"""Membership requests and decisions, invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.celery import after_commit

from ..access import is_editor, viewer_for
from ..models import AuditEvent, Invitation, Membership, Organisation, User
from ..people.services import user_access_revoke
from ..validation import MAX_REASON
from .audit import audit_record
from .permissions import (
    can_approve_membership,
    can_change_role,
    can_decide_for,
    can_end_membership,
    can_invite,
)
from .tasks import notify_membership_decided, notify_membership_requested, send_invitation

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
    membership = _pending_membership(user, organisation)
    audit_record(
        kind=AuditEvent.Kind.MEMBERSHIP_REQUESTED,
        actor=user,
        subject=user,
        organisation=organisation,
        ip_address=ip_address,
    )
    if email_is_verified(user):
        after_commit(notify_membership_requested, membership.pk)
    return membership


def _pending_membership(user: User, organisation: Organisation) -> Membership:
    """A new pending membership, or the person's rejected or ended one opened again as a request."""
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if membership is None:
        return Membership.objects.create(
            user=user, organisation=organisation, status=Membership.Status.PENDING
        )
    if membership.status == Membership.Status.ACTIVE:
        raise ValidationError({"organisation": _("Sie sind bereits Mitglied dieser Organisation.")})
    if membership.status == Membership.Status.PENDING:
        raise ValidationError(
            {"organisation": _("Sie haben für diese Organisation bereits eine Mitgliedschaft beantragt.")}
        )
    membership.status, membership.role = Membership.Status.PENDING, Membership.Role.MEMBER
    membership.created_at, membership.decided_at, membership.decided_by = timezone.now(), None, None
    membership.reason = ""
    membership.save()
    return membership


def membership_requests_notify_after_verification(*, user: User) -> None:
    """Once the e-mail address is verified, the deciders learn about the person's pending requests."""
    for membership_id in Membership.objects.filter(user=user, status=Membership.Status.PENDING).values_list(
        "pk", flat=True
    ):
        after_commit(notify_membership_requested, membership_id)


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
    after_commit(notify_membership_decided, membership.pk)
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
    still_member = Membership.objects.effective().filter(user=person).exists()
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


def _invitee_email(organisation: Organisation, email: str) -> str:
    """The normalised address to invite; a German error when it is invalid or already a member's."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")}) from exc
    if Membership.objects.effective().filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Diese Person ist bereits Mitglied der Organisation.")})
    return email


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
    email = _invitee_email(organisation, email)
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
    after_commit(send_invitation, invitation.pk, token)
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
    membership = _membership_from_invitation(user, invitation)
    invitation.accepted_at = membership.decided_at
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


def _membership_from_invitation(user: User, invitation: Invitation) -> Membership:
    """The person's active membership with the invited role (a partner contact stays one)."""
    membership, _created = Membership.objects.select_for_update().get_or_create(
        user=user, organisation=invitation.organisation
    )
    already_contact = (
        membership.status == Membership.Status.ACTIVE and membership.role == Membership.Role.PARTNER_CONTACT
    )
    membership.role = Membership.Role.PARTNER_CONTACT if already_contact else invitation.role
    membership.status = Membership.Status.ACTIVE
    membership.decided_at = timezone.now()
    membership.decided_by = invitation.invited_by
    membership.reason = ""
    membership.save()
    return membership
