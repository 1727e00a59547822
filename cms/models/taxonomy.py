"""The taxonomy: terms of the editor-managed vocabularies, the taxonomy fields of a page and their helper."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField


class Term(models.Model):
    """One term of an editor-managed vocabulary of the prevention guide (e.g. a target group)."""

    class Vocabulary(models.TextChoices):
        TARGET_GROUP = "target_group", _("Zielgruppe")
        PROFESSIONAL_FIELD = "professional_field", _("Berufsbereich")
        PHASE = "phase", _("Phase")
        MEASURE_TYPE = "measure_type", _("Art der Maßnahme")
        INCIDENT_TYPE = "incident_type", _("Vorfallart")
        THREAT_LEVEL = "threat_level", _("Gefährdungsstufe")

    vocabulary = models.CharField(_("Vokabular"), max_length=20, choices=Vocabulary.choices)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    description = models.TextField(
        _("Erläuterung"), blank=True, help_text=_("Optional: wird als Hilfetext im Formular gezeigt.")
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["vocabulary", "position", "name"]
        verbose_name = _("Schlagwort")
        verbose_name_plural = _("Schlagwörter")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "name"], name="term_unique_per_vocabulary"),
            models.CheckConstraint(
                condition=models.Q(
                    vocabulary__in=[
                        "target_group",
                        "professional_field",
                        "phase",
                        "measure_type",
                        "incident_type",
                        "threat_level",
                    ]
                ),
                name="term_vocabulary_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# The taxonomy fields (Term many-to-many fields) of a practice, each with its vocabulary.
TERM_VOCABULARIES: dict[str, str] = {
    "target_groups": Term.Vocabulary.TARGET_GROUP,
    "professional_fields": Term.Vocabulary.PROFESSIONAL_FIELD,
    "phases": Term.Vocabulary.PHASE,
    "measure_types": Term.Vocabulary.MEASURE_TYPE,
    "incident_types": Term.Vocabulary.INCIDENT_TYPE,
    "threat_levels": Term.Vocabulary.THREAT_LEVEL,
}
TERM_FIELDS = tuple(TERM_VOCABULARIES)


def _terms(vocabulary: str, related_name: str, label, help_text, *, blank: bool = True):
    return ParentalManyToManyField(
        Term,
        blank=blank,
        related_name=related_name,
        limit_choices_to={"vocabulary": vocabulary},
        verbose_name=label,
        help_text=help_text,
    )
