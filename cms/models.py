"""Wagtail pages: the public start page, the practices index and best-practice pages."""

from __future__ import annotations

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from exchange.permissions import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC

from . import permissions


class HomePage(Page):
    """The public start page: what the network is, public practices, the way to log in."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.PracticeIndexPage"]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["public_practices"] = (
            PracticePage.objects.live()
            .filter(audience=AUDIENCE_PUBLIC)
            .select_related("organisation")
            .order_by("-first_published_at")[:6]
        )
        return context


class PracticeIndexPage(Page):
    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PracticePage"]
    template = "cms/practice_index_page.html"

    class Meta:
        verbose_name = _("Praxisbeispiele (Übersicht)")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["practices"] = (
            permissions.practices_visible_to(request.user)
            .child_of(self)
            .select_related("organisation")
            .order_by("title")
        )
        return context


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Schritt"))
    text = blocks.RichTextBlock(label=_("Beschreibung"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "list-ol"
        label = _("Umsetzungsschritt")


class PracticePage(Page):
    """A best practice of a partner organisation."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idee")
        PILOT = "pilot", _("Pilotphase")
        OPERATION = "operation", _("im Einsatz")
        EVALUATED = "evaluated", _("evaluiert")

    AUDIENCE_CHOICES = [
        (AUDIENCE_PUBLIC, _("öffentlich")),
        (AUDIENCE_MEMBERS, _("alle Mitglieder")),
        (AUDIENCE_GROUPS, _("ausgewählte Arbeitsgruppen")),
    ]

    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=600,
        help_text=_("Zwei, drei Sätze: welches Problem, welche Lösung."),
    )
    organisation = models.ForeignKey(
        "exchange.Organisation",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("Organisation"),
    )
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices, default=Status.OPERATION)
    started_year = models.PositiveSmallIntegerField(_("Seit (Jahr)"), null=True, blank=True)
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
        [
            (
                "text",
                blocks.RichTextBlock(
                    label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ul", "ol"]
                ),
            ),
            ("image", ImageBlock(label=_("Bild"))),
            ("quote", blocks.BlockQuoteBlock(label=_("Zitat"))),
            ("step", StepBlock()),
        ],
        blank=True,
        verbose_name=_("Beschreibung"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("organisation"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("started_year")], heading=_("Stand")),
        FieldPanel("body"),
    ]
    settings_panels = [
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("working_groups")], heading=_("Sichtbarkeit")),
        *Page.settings_panels,
    ]
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
        ]

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not permissions.can_view_practice(request.user, self):
            if not request.user.is_authenticated:
                return redirect(f"{permissions.login_url()}?next={request.path}")
            raise Http404
        return super().serve(request, *args, **kwargs)

    def body_text(self) -> str:
        """Plain text of the body, for the search index."""
        from django.utils.html import strip_tags

        parts: list[str] = []
        for block in self.body:
            value = block.value
            if block.block_type == "step":
                parts += [value["title"], strip_tags(value["text"].source)]
            elif hasattr(value, "source"):
                parts.append(strip_tags(value.source))
            elif isinstance(value, str):
                parts.append(strip_tags(value))
        return "\n".join(p for p in parts if p)
