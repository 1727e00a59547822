"""The best practice page: its blocks, admin form, page rights and downloadable attachments.

The models are the bottom layer of cms: permissions, selectors, services and the search documents
import them, so this module imports none of those. What the page needs from above is plugged in
through Wagtail's hook registry (cms/wagtail_hooks.py): the view check (``before_serve_page``, as
Wagtail's own page view restrictions) and the detail context (:attr:`PracticePage.CONTEXT_HOOK`).
The rules that the page's admin rights and the listings share are written once here
(``visible_to``/``editable_by`` and ``visibility``/``is_editable_by``); ``cms.permissions`` exposes them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.hooks import get_hooks
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.search import index

from exchange.access import AUDIENCE_MEMBERS, Viewer
from exchange.models import Region

from .audience import AUDIENCE_CHOICES, audience_visible
from .blocks import PracticeBodyBlock
from .documents import PageDocument
from .practice_admin import PracticePageForm, PracticePermissionTester
from .taxonomy import Term, _terms


def review_date_default() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


class PracticePage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """A best practice of a partner organisation."""

    CONTEXT_HOOK = "cms_practice_page_context"
    """Wagtail hook: ``fn(request, page) -> dict`` adds to the page's template context."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idee")
        PILOT = "pilot", _("Pilotphase")
        OPERATION = "operation", _("im Einsatz")
        EVALUATED = "evaluated", _("evaluiert")

    AUDIENCE_CHOICES = AUDIENCE_CHOICES

    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=600,
        help_text=_("Zwei, drei Sätze: welches Problem, welche Lösung."),
    )
    organisation = models.ForeignKey(
        "exchange.Organisation",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("Federführende Organisation"),
        help_text=_("Die Organisation, die das Praxisbeispiel verantwortet."),
    )
    partner_organisations = ParentalManyToManyField(
        "exchange.Organisation",
        blank=True,
        related_name="co_practices",
        verbose_name=_("Beteiligte Organisationen"),
        help_text=_("Optional: weitere Organisationen, die mitgewirkt haben."),
    )
    target_groups = _terms(
        Term.Vocabulary.TARGET_GROUP,
        "practices_as_target_group",
        _("Zielgruppen"),
        _("Für welche Beschäftigten ist die Maßnahme gedacht?"),
        blank=False,
    )
    professional_fields = _terms(
        Term.Vocabulary.PROFESSIONAL_FIELD,
        "practices_as_professional_field",
        _("Berufsbereiche"),
        _("In welchen Bereichen des öffentlichen Dienstes wird sie eingesetzt?"),
    )
    phases = _terms(
        Term.Vocabulary.PHASE,
        "practices_as_phase",
        _("Phase"),
        _("Vorsorge, Handeln im Vorfall oder Nachsorge – auch mehreres."),
        blank=False,
    )
    measure_types = _terms(
        Term.Vocabulary.MEASURE_TYPE,
        "practices_as_measure_type",
        _("Art der Maßnahme"),
        _("Baulich-technisch, organisatorisch oder personenbezogen (TOP-Prinzip)."),
        blank=False,
    )
    incident_types = _terms(
        Term.Vocabulary.INCIDENT_TYPE,
        "practices_as_incident_type",
        _("Vorfallarten"),
        _("Gegen welche Vorfälle hilft die Maßnahme?"),
    )
    threat_levels = _terms(
        Term.Vocabulary.THREAT_LEVEL,
        "practices_as_threat_level",
        _("Gefährdungsstufen"),
        _("Stufen nach dem Aachener Modell (0 bis 3)."),
    )
    region = models.CharField(
        _("Region"),
        max_length=20,
        blank=True,
        choices=Region.choices,
        help_text=_("Regierungsbezirk, in dem die Maßnahme umgesetzt wird."),
    )
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices, default=Status.OPERATION)
    started_year = models.PositiveSmallIntegerField(
        _("Seit (Jahr)"), null=True, blank=True, help_text=_("Seit wann gibt es die Maßnahme?")
    )
    audience = models.CharField(
        _("Sichtbarkeit"),
        max_length=10,
        choices=AUDIENCE_CHOICES,
        default=AUDIENCE_MEMBERS,
        help_text=_("Wer darf dieses Praxisbeispiel sehen?"),
    )
    working_groups = ParentalManyToManyField(
        "exchange.WorkingGroup",
        blank=True,
        verbose_name=_("Arbeitsgruppen"),
        help_text=_("Nur bei Sichtbarkeit „ausgewählte Arbeitsgruppen“."),
    )
    body = StreamField(
        PracticeBodyBlock(),
        blank=True,
        verbose_name=_("Beschreibung"),
        help_text=_("Problem, Ziele und Umsetzung. Umsetzungsschritte als eigene Blöcke anlegen."),
    )
    # Transferability: what others need to know before they adopt it.
    costs = models.TextField(_("Kosten"), blank=True, help_text=_("Sachkosten, einmalig und laufend."))
    staffing = models.TextField(
        _("Personalaufwand"), blank=True, help_text=_("Wer ist beteiligt, mit wie viel Zeit?")
    )
    duration = models.CharField(
        _("Dauer der Einführung"), max_length=200, blank=True, help_text=_("Zum Beispiel „sechs Monate“.")
    )
    staff_council_involved = models.BooleanField(
        _("Personalrat beteiligt"), default=False, help_text=_("Wurde der Personalrat einbezogen?")
    )
    data_protection_involved = models.BooleanField(
        _("Datenschutz beteiligt"),
        default=False,
        help_text=_("Wurde die oder der Datenschutzbeauftragte einbezogen?"),
    )
    involvement_notes = models.TextField(
        _("Hinweise zur Beteiligung"), blank=True, help_text=_("Wie und wann wurden sie einbezogen?")
    )
    pros = models.TextField(_("Vorteile"), blank=True)
    cons = models.TextField(_("Nachteile und Stolpersteine"), blank=True)
    # Contact person
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_role = models.CharField(_("Funktion"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    # Freshness and import
    review_date = models.DateField(
        _("Überprüfen bis"),
        null=True,
        blank=True,
        default=review_date_default,
        help_text=_("Bis zu diesem Datum sollte das Praxisbeispiel auf Aktualität geprüft werden."),
    )
    external_id = models.CharField(
        _("Externe Kennung"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Kennung aus dem Import; bleibt bei Aktualisierungen gleich."),
    )

    # Editors find a practice in the Wagtail admin by what they wrote. The admin's page search is an
    # autocomplete search (Wagtail's database backend), so each field is an AutocompleteField too.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.RelatedFields("organisation", [index.SearchField("name"), index.AutocompleteField("name")]),
    ]

    base_form_class = PracticePageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("organisation", widget=forms.Select),
                FieldPanel("partner_organisations", widget=forms.SelectMultiple),
                FieldPanel("region"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("professional_fields", widget=forms.CheckboxSelectMultiple),
                FieldPanel("phases", widget=forms.CheckboxSelectMultiple),
                FieldPanel("measure_types", widget=forms.CheckboxSelectMultiple),
                FieldPanel("incident_types", widget=forms.CheckboxSelectMultiple),
                FieldPanel("threat_levels", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Einordnung"),
        ),
        FieldRowPanel([FieldPanel("status"), FieldPanel("started_year")], heading=_("Stand")),
        FieldPanel("body"),
        InlinePanel(
            "attachments",
            heading=_("Anhänge"),
            label=_("Anhang"),
            help_text=_("PDF- und Office-Dateien zum Herunterladen (nur für Berechtigte)."),
        ),
    ]
    transfer_panels = [
        MultiFieldPanel(
            [FieldPanel("costs"), FieldPanel("staffing"), FieldPanel("duration")],
            heading=_("Aufwand"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("staff_council_involved"),
                FieldPanel("data_protection_involved"),
                FieldPanel("involvement_notes"),
            ],
            heading=_("Beteiligung"),
        ),
        MultiFieldPanel([FieldPanel("pros"), FieldPanel("cons")], heading=_("Vor- und Nachteile")),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Ansprechperson"),
        ),
    ]
    settings_panels = [
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("working_groups")], heading=_("Sichtbarkeit")),
        FieldPanel("review_date"),
        *Page.settings_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhalt")),
            ObjectList(transfer_panels, heading=_("Übertragbarkeit")),
            ObjectList(settings_panels, heading=_("Einstellungen")),
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
        ]
    )
    parent_page_types = ["cms.PracticeIndexPage"]
    subpage_types: list[str] = []
    template = "cms/practice_page.html"

    class Meta:
        verbose_name = _("Praxisbeispiel")
        verbose_name_plural = _("Praxisbeispiele")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__in=["public", "members", "groups"]),
                name="practice_audience_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["idea", "pilot", "operation", "evaluated"]),
                name="practice_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(started_year__isnull=True)
                | models.Q(started_year__gte=1950, started_year__lte=2100),
                name="practice_started_year_plausible",
            ),
        ]

    def permissions_for_user(self, user):
        return PracticePermissionTester(user, self)

    @classmethod
    def visible_to(cls, viewer: Viewer) -> PageQuerySet:
        """Live practices whose audience the viewer belongs to (:meth:`Viewer.can_see` as a query)."""
        return audience_visible(cls.objects.live(), viewer)

    @classmethod
    def editable_by(cls, viewer: Viewer) -> PageQuerySet:
        """All practices for editors; for partner contacts those led by their own organisations."""
        if viewer.is_editor:
            return cls.objects.all()
        return cls.objects.filter(organisation_id__in=viewer.partner_organisation_ids)

    @classmethod
    def is_creatable_by(cls, viewer: Viewer) -> bool:
        """Editors, and partner contacts (Ansprechpersonen) with an effective membership."""
        return viewer.is_editor or bool(viewer.partner_organisation_ids)

    def visibility(self) -> tuple[str, list[int]]:
        """The audience and, for ``groups``, the working groups that may see the practice."""
        return self.audience, [g.pk for g in self.working_groups.all()]

    def is_editable_by(self, viewer: Viewer) -> bool:
        """Editors edit every practice; partner contacts only those led by their own organisation."""
        if viewer.is_editor:
            return True
        return self.organisation_id is not None and self.organisation_id in viewer.partner_organisation_ids

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        for add_context in get_hooks(self.CONTEXT_HOOK):
            context.update(add_context(request, self))
        return context

    def body_text(self) -> str:
        """Plain text of the body, for the search index."""
        parts: list[str] = []
        for block in self.body:
            value = block.value
            if block.block_type == "step":
                parts += [value["title"], strip_tags(value["text"].source)]
            elif block.block_type in ("image", "document"):
                continue
            elif hasattr(value, "source"):
                parts.append(strip_tags(value.source))
            elif isinstance(value, str):
                parts.append(strip_tags(value))
        return "\n".join(p for p in parts if p)

    def term_names(self, field: str) -> list[str]:
        return [t.name for t in getattr(self, field).all()]

    @classmethod
    def term_through(cls, field: str) -> Any:
        """The table behind a taxonomy field (``practicepage_id``, ``term_id``), for queries without joins.
        (Django creates the through model at runtime; it has no static class to name here.)"""
        return getattr(cls, field).through

    @classmethod
    def term_label(cls, field: str) -> str:
        return str(getattr(cls, field).field.verbose_name)


class PracticeAttachment(PageDocument):
    """A downloadable file of a practice; served only through a permission-checking view."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(PageDocument.Meta):
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
