"""Saved searches: a member's query and filters under a name, with optional e-mail alerts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    """One saved search of a member. ``filters`` holds the search page's parameters other than the
    query (facet name -> list of values, and ``sort``), validated by ``search.facets.params_from``.

    ``last_sent_at`` is the end of the last alert window: the alert lists what became new after it.
    It starts at creation, and moves on only in the transaction that sends the alert (or finds
    nothing new), so a lost task leaves the search due and a repeated one finds it no longer due.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("täglich")
        WEEKLY = "weekly", _("wöchentlich")
        NONE = "none", _("keine E-Mail")

    PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("Name"), max_length=100)
    query = models.CharField(_("Suchbegriffe"), max_length=200, blank=True)
    filters = models.JSONField(_("Filter"), default=dict, blank=True)
    frequency = models.CharField(
        _("E-Mail-Benachrichtigung"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    last_sent_at = models.DateTimeField(_("Zuletzt benachrichtigt"), default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Gespeicherte Suche")
        verbose_name_plural = _("Gespeicherte Suchen")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_unique_name"),
            models.CheckConstraint(
                condition=models.Q(frequency__in=["daily", "weekly", "none"]),
                name="saved_search_frequency_valid",
            ),
        ]
        indexes = [models.Index(fields=["frequency", "last_sent_at"], name="saved_search_due")]

    def __str__(self) -> str:
        return self.name
