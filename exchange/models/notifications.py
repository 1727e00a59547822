"""Notifications: follows, in-app notifications, e-mail settings and the fan-out outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forum import Category, Post, Thread
from .messages import Message


class Follow(models.Model):
    """A member follows a thread or a category with a level (how far they have read is ``ThreadRead``)."""

    class Level(models.TextChoices):
        ALL = "all", _("alle Beiträge")
        NEW_THREADS = "new_threads", _("nur neue Themen")
        MUTED = "muted", _("stumm")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    level = models.CharField(_("Benachrichtigungen"), max_length=20, choices=Level.choices, default=Level.ALL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, category__isnull=True)
                | models.Q(thread__isnull=True, category__isnull=False),
                name="follow_thread_xor_category",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=["all", "new_threads", "muted"]), name="follow_level_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(thread__isnull=False, level="new_threads"),
                name="follow_new_threads_only_for_categories",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="follow_unique_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="follow_unique_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread or self.category} ({self.get_level_display()})"


class Notification(models.Model):
    """One in-app notification about a post or a direct message (exactly one of them);
    ``emailed_at`` records that it went out by e-mail."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("Erwähnung")
        NEW_THREAD = "new_thread", _("Neues Thema")
        REPLY = "reply", _("Neue Antwort")
        MESSAGE = "message", _("Neue Nachricht")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "post", "kind"], name="notification_unique"),
            models.UniqueConstraint(
                fields=["recipient", "message"],
                condition=models.Q(message__isnull=False),
                name="notification_message_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["mention", "new_thread", "reply", "message"]),
                name="notification_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="message", post__isnull=True, message__isnull=False)
                | (~models.Q(kind="message") & models.Q(post__isnull=False, message__isnull=True)),
                name="notification_post_xor_message",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class NotificationSettings(models.Model):
    """How a member wants notifications by e-mail. No row = the default (daily digest)."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("sofort, einzeln")
        DIGEST = "digest", _("einmal täglich als Zusammenfassung")
        OFF = "off", _("keine E-Mails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(
        _("E-Mail-Benachrichtigungen"), max_length=20, choices=Email.choices, default=Email.DIGEST
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__in=["immediate", "digest", "off"]),
                name="notification_settings_email_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"


class NotificationOutbox(models.Model):
    """The fan-out's outbox: written in the transaction of the post, marked by the task when done.
    Rows a lost task left behind (broker away, worker killed) are re-queued by the beat sweep."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, primary_key=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    # set when an edit added @mentions to a post whose fan-out was done: only the mentioned hear of it
    mentions_only = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Benachrichtigungs-Warteschlange")
        verbose_name_plural = _("Benachrichtigungs-Warteschlange")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(processed_at__isnull=True),
                name="notification_outbox_open",
            )
        ]

    def __str__(self) -> str:
        return f"post {self.post_id}"
