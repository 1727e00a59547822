"""Direct messages (Nachrichten): conversations between members, their messages and attachments,
per-participant read state, blocks, the "only my organisation" contact setting and reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    """A conversation of two or more members. ``last_message_at`` is kept by the service that
    writes a message, so the unread count is one join (participants whose read mark is older)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("Unterhaltung")
        verbose_name_plural = _("Unterhaltungen")

    def __str__(self) -> str:
        return f"Unterhaltung {self.pk}"


class ConversationParticipant(models.Model):
    """One person in a conversation, with how far they have read (``last_read_at``)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_participations"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Teilnahme an einer Unterhaltung")
        verbose_name_plural = _("Teilnahmen an Unterhaltungen")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="conversation_participant_unique")
        ]
        indexes = [models.Index(fields=["user", "last_read_at"], name="conversation_participant_read")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    """One message. ``author`` becomes NULL when the account is deleted (and the text is emptied);
    ``hidden_by_moderation`` is set by an editor after a report."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    body = models.TextField(_("Nachricht"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    hidden_by_moderation = models.BooleanField(_("von der Redaktion ausgeblendet"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_conversation_time")]

    def __str__(self) -> str:
        return f"Nachricht {self.pk}"

    def rendered(self) -> SafeString:
        """The body as HTML; ``body_html`` was produced by :func:`exchange.forum.markdown.render` (nh3)."""
        return mark_safe(self.body_html)  # noqa: S308 - sanitised at write time


class MessageAttachment(models.Model):
    """A file of a message, checked and stored like a forum attachment (private storage)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=255, unique=True)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Anhang einer Nachricht")
        verbose_name_plural = _("Anhänge von Nachrichten")

    def __str__(self) -> str:
        return self.original_name


class Block(models.Model):
    """``user`` blocks ``blocked``: neither can start or continue a conversation with the other."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Blockierung")
        verbose_name_plural = _("Blockierungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~models.Q(user=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} blockiert {self.blocked_id}"


class ContactSettings(models.Model):
    """Who may write to a member. No row = everyone who is a member."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_settings"
    )
    organisation_only = models.BooleanField(
        _("Nur Personen meiner Organisation dürfen mir schreiben"), default=False
    )

    class Meta:
        verbose_name = _("Kontakteinstellung")
        verbose_name_plural = _("Kontakteinstellungen")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.organisation_only}"


class MessageReport(models.Model):
    """A participant reports one message to the editors; only reported messages reach them."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("offen")
        HIDDEN = "hidden", _("ausgeblendet")
        DISMISSED = "dismissed", _("zurückgewiesen")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("Grund"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Gemeldete Nachricht")
        verbose_name_plural = _("Gemeldete Nachrichten")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=models.Q(outcome="open"),
                name="message_report_one_open_per_reporter",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["open", "hidden", "dismissed"]),
                name="message_report_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Meldung {self.pk}"
