"""Signal receivers: the audit log for logins and second factors, follow-ups of allauth events."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from allauth.mfa.signals import authenticator_added, authenticator_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from search import outbox

from . import services
from .http import client_ip
from .models import AuditEvent, Category, Thread, User


@receiver(user_logged_in, dispatch_uid="exchange_audit_login")
def audit_login(sender, request, user, **kwargs) -> None:
    services.audit_record(kind=AuditEvent.Kind.LOGIN, actor=user, subject=user, ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="exchange_audit_logout")
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        services.audit_record(
            kind=AuditEvent.Kind.LOGOUT, actor=user, subject=user, ip_address=client_ip(request)
        )


@receiver(user_login_failed, dispatch_uid="exchange_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already replaced the password by asterisks; only the login name is kept.
    login = str(credentials.get("email") or credentials.get("username") or "")[:254].lower()
    subject = User.objects.filter(email__iexact=login).first() if login else None
    services.audit_record(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        subject=subject,
        ip_address=client_ip(request),
        detail={"login": login},
    )


@receiver(user_locked_out, dispatch_uid="exchange_audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    login = str(username or "")[:254].lower()
    services.audit_record(
        kind=AuditEvent.Kind.LOGIN_LOCKED,
        subject=User.objects.filter(email__iexact=login).first() if login else None,
        ip_address=ip_address or client_ip(request),
        detail={"login": login},
    )


@receiver(email_confirmed, dispatch_uid="exchange_email_confirmed")
def notify_deciders_after_verification(sender, request, email_address, **kwargs) -> None:
    if email_address.user_id and email_address.email.lower() == email_address.user.email.lower():
        services.membership_requests_notify_after_verification(user=email_address.user)


@receiver(authenticator_added, dispatch_uid="exchange_audit_mfa_added")
def audit_mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    services.audit_record(
        kind=AuditEvent.Kind.MFA_ACTIVATED,
        actor=user,
        subject=user,
        ip_address=client_ip(request),
        detail={"type": authenticator.type},
    )


@receiver(authenticator_removed, dispatch_uid="exchange_audit_mfa_removed")
def audit_mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    services.audit_record(
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
        instance._was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=User, dispatch_uid="exchange_user_deactivated_elsewhere")
def revoke_access_when_deactivated(sender, instance: User, created: bool, **kwargs) -> None:
    """Deactivation through any path (Wagtail's user editor too) ends sessions and tokens at once."""
    if not created and getattr(instance, "_was_active", None) and not instance.is_active:
        services.user_access_revoke(user=instance)


@receiver(m2m_changed, sender=Category.working_groups.through, dispatch_uid="exchange_category_audience")
def reindex_threads_when_category_audience_changes(
    sender, instance, action, reverse, pk_set, **kwargs
) -> None:
    """Who may read a category decides who finds its threads: re-index all of them (same transaction)."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if reverse:  # working_group.categories.add(...)
        category_ids = (
            list(pk_set or [])
            if action != "pre_clear"
            else list(instance.categories.values_list("pk", flat=True))
        )
        if action == "post_clear":
            return  # handled at pre_clear, when the categories were still known
    else:
        category_ids = [instance.pk]
    thread_ids = list(Thread.objects.filter(category_id__in=category_ids).values_list("pk", flat=True))
    outbox.record(outbox.THREAD, thread_ids)
