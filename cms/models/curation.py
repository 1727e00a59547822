"""Curation: featured practices, the practice of the month and topic collections."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from .practice import PracticePage


class FeaturedPractice(models.Model):
    """A practice featured on the members' start page, ordered and optionally time-limited."""

    page = models.ForeignKey(
        PracticePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("Praxisbeispiel")
    )
    teaser = models.TextField(
        _("Teaser"), blank=True, max_length=300, help_text=_("Leer lassen: die Kurzbeschreibung.")
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    starts_at = models.DateTimeField(_("Anzeigen ab"), null=True, blank=True)
    ends_at = models.DateTimeField(_("Anzeigen bis"), null=True, blank=True)

    panels = [
        FieldPanel("page"),
        FieldPanel("teaser"),
        FieldPanel("position"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    ]

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Hervorgehobenes Praxisbeispiel")
        verbose_name_plural = _("Hervorgehobene Praxisbeispiele")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="featured_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.page)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})


class PracticeOfTheMonth(models.Model):
    """ "Praxis des Monats": one practice per calendar month."""

    month = models.DateField(
        _("Monat"), unique=True, help_text=_("Ein beliebiger Tag des Monats; gespeichert wird der 1.")
    )
    page = models.ForeignKey(
        PracticePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("Praxisbeispiel")
    )
    teaser = models.TextField(_("Warum diese Praxis?"), blank=True, max_length=500)

    panels = [FieldPanel("month"), FieldPanel("page"), FieldPanel("teaser")]

    class Meta:
        ordering = ["-month"]
        verbose_name = _("Praxis des Monats")
        verbose_name_plural = _("Praxis des Monats")
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="practice_of_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}: {self.page}"

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)


class TopicCollection(ClusterableModel):
    """ "Themenschwerpunkt": an editor-curated, ordered set of practices on one topic."""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    intro = models.TextField(_("Einleitung"), blank=True)
    is_active = models.BooleanField(_("Sichtbar"), default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        FieldPanel("is_active"),
        InlinePanel("items", heading=_("Praxisbeispiele"), label=_("Praxisbeispiel")),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("Themenschwerpunkt")
        verbose_name_plural = _("Themenschwerpunkte")

    def __str__(self) -> str:
        return self.title


class TopicCollectionItem(Orderable):
    collection = ParentalKey(TopicCollection, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey(
        PracticePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("Praxisbeispiel")
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["collection", "page"], name="topic_item_unique"),
        ]
