"""The security log: one AuditEvent per security-relevant event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Organisation


class AuditEvent(models.Model):
    """A security-relevant event. Never holds passwords or tokens, only who, what, when and from where."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Anmeldung")
        LOGIN_FAILED = "login_failed", _("Fehlgeschlagene Anmeldung")
        LOGIN_LOCKED = "login_locked", _("Anmeldung gesperrt (zu viele Fehlversuche)")
        LOGOUT = "logout", _("Abmeldung")
        SIGNUP = "signup", _("Registrierung")
        MEMBERSHIP_REQUESTED = "membership_requested", _("Mitgliedschaft beantragt")
        MEMBERSHIP_APPROVED = "membership_approved", _("Mitgliedschaft freigegeben")
        MEMBERSHIP_REJECTED = "membership_rejected", _("Mitgliedschaft abgelehnt")
        MEMBERSHIP_ENDED = "membership_ended", _("Mitgliedschaft beendet")
        ROLE_CHANGED = "role_changed", _("Rolle geändert")
        INVITATION_CREATED = "invitation_created", _("Einladung verschickt")
        INVITATION_ACCEPTED = "invitation_accepted", _("Einladung angenommen")
        INVITATION_REVOKED = "invitation_revoked", _("Einladung zurückgezogen")
        TOKEN_CREATED = "token_created", _("API-Token erstellt")
        TOKEN_REVOKED = "token_revoked", _("API-Token widerrufen")
        TOKEN_USED = "token_used", _("API-Token benutzt")
        USER_DEACTIVATED = "user_deactivated", _("Person deaktiviert")
        ACCOUNT_DELETED = "account_deleted", _("Konto gelöscht")
        DATA_EXPORTED = "data_exported", _("Daten heruntergeladen")
        MFA_ACTIVATED = "mfa_activated", _("Zwei-Faktor-Anmeldung eingerichtet")
        MFA_DEACTIVATED = "mfa_deactivated", _("Zwei-Faktor-Anmeldung entfernt")
        POST_HIDDEN = "post_hidden", _("Beitrag ausgeblendet")
        POST_RESTORED = "post_restored", _("Beitrag wiederhergestellt")
        POST_DELETED = "post_deleted", _("Beitrag gelöscht")
        THREAD_LOCKED = "thread_locked", _("Thema gesperrt")
        THREAD_UNLOCKED = "thread_unlocked", _("Thema entsperrt")
        THREAD_PINNED = "thread_pinned", _("Thema angeheftet")
        THREAD_UNPINNED = "thread_unpinned", _("Thema gelöst vom Anheften")
        THREAD_MOVED = "thread_moved", _("Thema verschoben")
        THREAD_MERGED = "thread_merged", _("Themen zusammengeführt")
        MODERATION_NOTE = "moderation_note", _("Moderationsnotiz")
        FLAG_RESOLVED = "flag_resolved", _("Meldung erledigt")

    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    kind = models.CharField(_("Ereignis"), max_length=40, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Handelnde Person"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("Betroffene Person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    detail = models.JSONField(_("Details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Sicherheitsprotokoll")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
