"""The prevention guide (Präventionsleitfaden): an index page with chapters.

Decision: a chapter's sections are StreamField blocks (``section``: a heading and its text,
checklists, quotes and documents), not pages of their own. A chapter is the unit that is tagged,
shown or hidden, found by the search and printed; sections give it structure and anchors.

A chapter carries the practices' taxonomy (the same six vocabularies, :data:`TERM_VOCABULARIES`)
and their audience (public, members, working groups; :mod:`cms.models.audience`), so one rule
decides who reads practices and chapters. Editors pin practices to a chapter
(:class:`GuidePinnedPractice`); the rest of "Praxisbeispiele zu diesem Kapitel" comes from shared
terms (cms.guide).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.hooks import get_hooks
from wagtail.models import Orderable, Page
from wagtail.query import PageQuerySet
from wagtail.search import index

from exchange.access import AUDIENCE_MEMBERS, Viewer, viewer_for

from .audience import AUDIENCE_CHOICES, audience_visible
from .pages import EditorsOnlyPermissionTester
from .taxonomy import Term, _terms

# --- Blocks ------------------------------------------------------------------------------------


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Überschrift"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Punkt")), label=_("Punkte"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Checkliste")


class GuideContentBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=["h3", "bold", "italic", "link", "ul", "ol"])
    checklist = ChecklistBlock()
    quote = blocks.BlockQuoteBlock(label=_("Zitat"))
    document = DocumentChooserBlock(label=_("Dokument"))


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Abschnitt"))
    content = GuideContentBlock(label=_("Inhalt"))

    class Meta:
        icon = "doc-full"
        label = _("Abschnitt")


class GuideBodyBlock(GuideContentBlock):
    """A chapter: sections, or text, checklists, quotes and documents directly."""

    section = SectionBlock()


def _block_text(block_type: str, value: Any) -> list[str]:
    if block_type == "checklist":
        return [value["title"] or "", *value["items"]]
    if block_type == "section":
        parts = [value["title"]]
        for child in value["content"]:
            parts += _block_text(child.block_type, child.value)
        return parts
    if block_type == "document":
        return []
    if hasattr(value, "source"):
        return [strip_tags(value.source)]
    return [strip_tags(str(value))]


# --- Pages -------------------------------------------------------------------------------------


class GuideIndexPage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """The guide's start: what it is and its chapters (those the reader may see)."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuideChapterPage"]
    max_count = 1  # type: ignore[assignment]  # Wagtail declares max_count = None, without a type
    template = "cms/guide_index_page.html"

    class Meta:
        verbose_name = _("Präventionsleitfaden")

    def permissions_for_user(self, user):
        return EditorsOnlyPermissionTester(user, self)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        viewer = viewer_for(request.user)
        context["chapters"] = GuideChapterPage.visible_to(viewer).child_of(self).order_by("path")
        context["is_member"] = viewer.is_member
        return context


class GuideChapterPage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """One chapter of the prevention guide."""

    CONTEXT_HOOK = "cms_guide_chapter_context"
    """Wagtail hook: ``fn(request, page) -> dict`` adds to the chapter's template context."""

    summary = models.TextField(
        _("Kurzbeschreibung"), max_length=600, help_text=_("Zwei, drei Sätze: worum geht es?")
    )
    target_groups = _terms(
        Term.Vocabulary.TARGET_GROUP, "guide_chapters_as_target_group", _("Zielgruppen"), ""
    )
    professional_fields = _terms(
        Term.Vocabulary.PROFESSIONAL_FIELD, "guide_chapters_as_professional_field", _("Berufsbereiche"), ""
    )
    phases = _terms(Term.Vocabulary.PHASE, "guide_chapters_as_phase", _("Phase"), "")
    measure_types = _terms(
        Term.Vocabulary.MEASURE_TYPE, "guide_chapters_as_measure_type", _("Art der Maßnahme"), ""
    )
    incident_types = _terms(
        Term.Vocabulary.INCIDENT_TYPE, "guide_chapters_as_incident_type", _("Vorfallarten"), ""
    )
    threat_levels = _terms(
        Term.Vocabulary.THREAT_LEVEL,
        "guide_chapters_as_threat_level",
        _("Gefährdungsstufen"),
        _("Stufen nach dem Aachener Modell (0 bis 3)."),
    )
    audience = models.CharField(
        _("Sichtbarkeit"),
        max_length=10,
        choices=AUDIENCE_CHOICES,
        default=AUDIENCE_MEMBERS,
        help_text=_("Wer darf dieses Kapitel sehen?"),
    )
    working_groups = ParentalManyToManyField(
        "exchange.WorkingGroup",
        blank=True,
        related_name="guide_chapters",
        verbose_name=_("Arbeitsgruppen"),
        help_text=_("Nur bei Sichtbarkeit „ausgewählte Arbeitsgruppen“."),
    )
    body = StreamField(GuideBodyBlock(), blank=True, verbose_name=_("Inhalt"))

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("body"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel(
            "pinned_practices",
            heading=_("Angeheftete Praxisbeispiele"),
            label=_("Praxisbeispiel"),
            help_text=_("Erscheinen zuerst unter „Praxisbeispiele zu diesem Kapitel“."),
        ),
    ]
    taxonomy_panels = [
        MultiFieldPanel(
            [
                FieldPanel(name, widget=forms.CheckboxSelectMultiple)
                for name in (
                    "target_groups",
                    "professional_fields",
                    "phases",
                    "measure_types",
                    "incident_types",
                    "threat_levels",
                )
            ],
            heading=_("Einordnung"),
        )
    ]
    settings_panels = [
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("working_groups")], heading=_("Sichtbarkeit")),
        *Page.settings_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhalt")),
            ObjectList(taxonomy_panels, heading=_("Einordnung")),
            ObjectList(settings_panels, heading=_("Einstellungen")),
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
        ]
    )
    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types: list[str] = []
    template = "cms/guide_chapter_page.html"

    class Meta:
        verbose_name = _("Leitfaden-Kapitel")
        verbose_name_plural = _("Leitfaden-Kapitel")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__in=["public", "members", "groups"]),
                name="guide_chapter_audience_valid",
            ),
        ]

    @classmethod
    def visible_to(cls, viewer: Viewer) -> PageQuerySet:
        """Live chapters whose audience the viewer belongs to (the practices' rule)."""
        return audience_visible(cls.objects.live(), viewer)

    def visibility(self) -> tuple[str, list[int]]:
        return self.audience, [g.pk for g in self.working_groups.all()]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        for add_context in get_hooks(self.CONTEXT_HOOK):
            context.update(add_context(request, self))
        return context

    def body_text(self) -> str:
        """Plain text of the chapter (sections, text, checklist items, quotes), for the search index."""
        parts: list[str] = []
        for block in self.body:
            parts += _block_text(block.block_type, block.value)
        return "\n".join(p for p in parts if p)

    def term_names(self, field: str) -> list[str]:
        return [t.name for t in getattr(self, field).all()]

    @classmethod
    def term_through(cls, field: str) -> Any:
        """The table behind a taxonomy field (``guidechapterpage_id``, ``term_id``)."""
        return getattr(cls, field).through


class GuidePinnedPractice(Orderable):
    """A practice an editor pinned to a chapter: shown first, whatever the shared terms say."""

    page = ParentalKey(GuideChapterPage, on_delete=models.CASCADE, related_name="pinned_practices")
    practice = models.ForeignKey(
        "cms.PracticePage",
        on_delete=models.CASCADE,
        related_name="guide_pins",
        verbose_name=_("Praxisbeispiel"),
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        verbose_name = _("Angeheftetes Praxisbeispiel")
        verbose_name_plural = _("Angeheftete Praxisbeispiele")
        constraints = [
            models.UniqueConstraint(fields=["page", "practice"], name="guide_pin_unique_per_chapter"),
        ]
