"""News pages, the public partner list's consent records and join requests."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from exchange.models import Organisation

NEWS_PER_PAGE = 10


class NewsIndexPage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """Aktuelles: the network's announcements, newest first, public."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["network.NewsPage"]
    max_count = 1  # type: ignore[assignment]  # Wagtail declares max_count = None, without a type
    template = "network/news_index_page.html"

    class Meta:
        verbose_name = _("Aktuelles (Übersicht)")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["news_page"] = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("seite"))
        return context


class NewsPage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """One announcement, e.g. a new partner receiving its joining certificate."""

    date = models.DateField(_("Datum"), default=timezone.localdate)
    teaser = models.TextField(
        _("Kurztext"), max_length=400, help_text=_("Ein bis zwei Sätze für die Übersicht und die Startseite.")
    )
    body = RichTextField(_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("teaser"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("teaser"), index.SearchField("body")]
    parent_page_types = ["network.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "network/news_page.html"

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")


class PartnerListing(models.Model):
    """An organisation's consent to be named in the public partner list (from its join request or
    recorded by the editors). Without this record an organisation is never listed publicly."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="partner_listing", verbose_name=_("Organisation")
    )
    consented_at = models.DateTimeField(_("Zustimmung erteilt am"), default=timezone.now)
    note = models.CharField(
        _("Nachweis der Zustimmung"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „Beitrittsanfrage vom 3. März 2026“ oder „E-Mail der Pressestelle“."),
    )

    class Meta:
        verbose_name = _("Eintrag in der Partnerliste")
        verbose_name_plural = _("Partnerliste (öffentlich)")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class JoinRequest(models.Model):
    """An organisation's request to join the network, sent through the public form."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        APPROVED = "approved", _("aufgenommen")
        REJECTED = "rejected", _("abgelehnt")

    organisation_name = models.CharField(_("Organisation"), max_length=200)
    kind = models.CharField(_("Art der Organisation"), max_length=20, choices=Organisation.Kind.choices)
    region = models.CharField(_("Regierungsbezirk"), max_length=20, choices=Organisation.Region.choices)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200)
    contact_email = models.EmailField(_("E-Mail-Adresse"))
    contact_position = models.CharField(_("Funktion"), max_length=200, blank=True)
    message = models.TextField(_("Nachricht"), max_length=2000, blank=True)
    consent = models.BooleanField(_("Einwilligung in die Verarbeitung"), default=False)
    listing_consent = models.BooleanField(_("Nennung in der Partnerliste erlaubt"), default=False)
    created_at = models.DateTimeField(_("Eingegangen am"), default=timezone.now, db_index=True)

    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entschieden von"),
    )
    reason = models.TextField(_("Begründung"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_requests",
        verbose_name=_("Organisation im Netzwerk"),
    )
    certificate_pdf = models.BinaryField(_("Beitrittsurkunde (PDF)"), null=True, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(
        _("Angaben zur Ansprechperson gelöscht am"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("Beitrittsanfrage")
        verbose_name_plural = _("Beitrittsanfragen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "rejected"]),
                name="joinrequest_status_valid",
            ),
            models.CheckConstraint(condition=models.Q(consent=True), name="joinrequest_consent_given"),
            models.CheckConstraint(
                condition=~models.Q(status="rejected")
                | ~models.Q(reason="")
                | models.Q(personal_data_erased_at__isnull=False),
                name="joinrequest_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (models.Q(organisation__isnull=False) & models.Q(certificate_pdf__isnull=False)),
                name="joinrequest_approval_has_organisation_and_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_status_display()})"
