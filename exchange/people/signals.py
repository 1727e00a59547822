"""Signal receivers about people (connected in ExchangeConfig.ready): the security log for logins and
second factors, and deactivation through any path ends sessions and tokens."""

from __future__ import annotations

from allauth.mfa.signals import authenticator_added, authenticator_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from ..http import client_ip
from ..membership.audit import audit_record
from ..models import AuditEvent, User
from . import services


@receiver(user_logged_in, dispatch_uid="exchange_audit_login")
def audit_login(sender, request, user, **kwargs) -> None:
    audit_record(kind=AuditEvent.Kind.LOGIN, actor=user, subject=user, ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="exchange_audit_logout")
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(kind=AuditEvent.Kind.LOGOUT, actor=user, subject=user, ip_address=client_ip(request))


@receiver(user_login_failed, dispatch_uid="exchange_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already replaced the password by asterisks; only the login name is kept.
    login = str(credentials.get("email") or credentials.get("username") or "")[:254].lower()
    subject = User.objects.filter(email__iexact=login).first() if login else None
    audit_record(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        subject=subject,
        ip_address=client_ip(request),
        detail={"login": login},
    )


@receiver(user_locked_out, dispatch_uid="exchange_audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    login = str(username or "")[:254].lower()
    audit_record(
        kind=AuditEvent.Kind.LOGIN_LOCKED,
        subject=User.objects.filter(email__iexact=login).first() if login else None,
        ip_address=ip_address or client_ip(request),
        detail={"login": login},
    )


@receiver(authenticator_added, dispatch_uid="exchange_audit_mfa_added")
def audit_mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(
        kind=AuditEvent.Kind.MFA_ACTIVATED,
        actor=user,
        subject=user,
        ip_address=client_ip(request),
        detail={"type": authenticator.type},
    )


@receiver(authenticator_removed, dispatch_uid="exchange_audit_mfa_removed")
def audit_mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(
        kind=AuditEvent.Kind.MFA_DEACTIVATED,
        actor=user,
        subject=user,
        ip_address=client_ip(request),
        detail={"type": authenticator.type},
    )


@receiver(pre_save, sender=User, dispatch_uid="exchange_user_active_before")
def remember_active_state(sender, instance: User, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "is_active" not in update_fields:
        return
    if instance.pk and not kwargs.get("raw"):
        before = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        instance._was_active = before  # type: ignore[attr-defined]  # read in post_save


@receiver(post_save, sender=User, dispatch_uid="exchange_user_deactivated_elsewhere")
def revoke_access_when_deactivated(sender, instance: User, created: bool, **kwargs) -> None:
    """Deactivation through any path (Wagtail's user editor too) ends sessions and tokens at once."""
    if not created and getattr(instance, "_was_active", None) and not instance.is_active:
        services.user_access_revoke(user=instance)
