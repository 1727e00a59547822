"""Event pages, their materials, registrations and the personal calendar feed tokens.

The bottom layer of the app: permissions, selectors and services import these models, so this module
imports none of them. Who may see an event is the shared audience rule of :mod:`exchange.access`
(``visible_to`` as a query, ``visibility`` for one page), written once here as on practices.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.hooks import get_hooks
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.models.documents import PageDocument
from exchange.access import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, Viewer

AUDIENCE_CHOICES = [
    (AUDIENCE_PUBLIC, _("öffentlich")),
    (AUDIENCE_MEMBERS, _("alle Mitglieder")),
    (AUDIENCE_GROUPS, _("ausgewählte Arbeitsgruppen")),
]


class EventIndexPage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """The list of events (/veranstaltungen/): upcoming first, then past ones with their materials."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1  # type: ignore[assignment]  # Wagtail declares max_count = None, without a type
    template = "cms/events/event_index_page.html"

    CONTEXT_HOOK = "events_index_context"
    """Wagtail hook: ``fn(request, page) -> dict`` adds to the template context (see wagtail_hooks)."""

    class Meta:
        verbose_name = _("Veranstaltungen (Übersicht)")

    def get_context(self, request, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        for add_context in get_hooks(self.CONTEXT_HOOK):
            context.update(add_context(request, self))
        return context


class EventPage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """A network meeting, training or webinar with its date, place, audience and registration."""

    CONTEXT_HOOK = "events_event_context"

    class Kind(models.TextChoices):
        NETWORK_MEETING = "meeting", _("Netzwerktreffen")
        TRAINING = "training", _("Schulung")
        WEBINAR = "webinar", _("Webinar")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.NETWORK_MEETING)
    start = models.DateTimeField(_("Beginn"), help_text=_("Datum und Uhrzeit (Europe/Berlin)."))
    end = models.DateTimeField(_("Ende"))
    place = models.CharField(
        _("Ort"), max_length=255, blank=True, help_text=_("Adresse; leer lassen bei Online-Veranstaltungen.")
    )
    online_url = models.URLField(
        _("Online-Link"),
        blank=True,
        help_text=_("Zugangslink (Videokonferenz); nur angemeldete Teilnehmende sehen ihn."),
    )
    audience = models.CharField(
        _("Sichtbarkeit"),
        max_length=10,
        choices=AUDIENCE_CHOICES,
        default=AUDIENCE_MEMBERS,
        help_text=_("Wer darf diese Veranstaltung sehen und sich anmelden?"),
    )
    working_groups = ParentalManyToManyField(
        "exchange.WorkingGroup",
        blank=True,
        verbose_name=_("Arbeitsgruppen"),
        help_text=_("Nur bei Sichtbarkeit „ausgewählte Arbeitsgruppen“."),
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer lassen: unbegrenzt.")
    )
    registration_deadline = models.DateTimeField(
        _("Anmeldeschluss"), null=True, blank=True, help_text=_("Leer lassen: bis zum Beginn.")
    )
    summary = models.TextField(_("Kurzbeschreibung"), max_length=500, blank=True)
    body = RichTextField(_("Programm"), blank=True, features=["h3", "bold", "italic", "link", "ul", "ol"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Termin")),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")], heading=_("Ort")),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_deadline")], heading=_("Anmeldung")
        ),
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("working_groups")], heading=_("Sichtbarkeit")),
        InlinePanel("materials", heading=_("Materialien"), label=_("Material")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("place")]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    template = "cms/events/event_page.html"

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(audience__in=["public", "members", "groups"]), name="event_audience_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["meeting", "training", "webinar"]), name="event_kind_valid"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("Das Ende muss nach dem Beginn liegen.")
        if self.start and self.registration_deadline and self.registration_deadline > self.start:
            errors["registration_deadline"] = _("Der Anmeldeschluss darf nicht nach dem Beginn liegen.")
        if not self.place and not self.online_url:
            errors["place"] = _("Bitte einen Ort oder einen Online-Link angeben.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def visible_to(cls, viewer: Viewer) -> PageQuerySet:
        """Live events whose audience the viewer belongs to (:meth:`Viewer.can_see` as a query)."""
        live = cls.objects.live()
        if viewer.is_editor:
            return live
        if not viewer.is_member:
            return live.filter(audience=AUDIENCE_PUBLIC)
        return live.filter(
            models.Q(audience__in=[AUDIENCE_PUBLIC, AUDIENCE_MEMBERS])
            | models.Q(audience=AUDIENCE_GROUPS, working_groups__in=viewer.group_ids)
        ).distinct()

    def visibility(self) -> tuple[str, list[int]]:
        return self.audience, [g.pk for g in self.working_groups.all()]

    @property
    def deadline(self):
        """When registration closes: the deadline, else the start."""
        return self.registration_deadline or self.start

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    def get_context(self, request, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        for add_context in get_hooks(self.CONTEXT_HOOK):
            context.update(add_context(request, self))
        return context


class EventMaterial(PageDocument):
    """A document of an event (slides, minutes); served only through the permission-checking view."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")

    class Meta(PageDocument.Meta):
        verbose_name = _("Material")
        verbose_name_plural = _("Materialien")


class Registration(models.Model):
    """One person's registration for one event; a cancelled one keeps its row (and is reused)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("angemeldet")
        WAITING = "waiting", _("Warteliste")
        CANCELLED = "cancelled", _("abgemeldet")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The status the last confirmation e-mail was about ("" = none yet): the confirmation task sends
    # only while it differs from ``status``, so a task delivered twice mails once.
    mailed_status = models.CharField(max_length=10, blank=True, default="")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once_per_event"),
            models.CheckConstraint(
                condition=models.Q(status__in=["registered", "waiting", "cancelled"]),
                name="registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.user} – {self.event} ({self.get_status_display()})"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedToken(models.Model):
    """The secret in a person's calendar feed URL. Only its hash is stored; revoking ends the feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="calendar_feed_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'widerrufen' if self.revoked_at else 'aktiv'})"
