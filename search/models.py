"""The indexing outbox (one row per changed object) and the editors' synonyms for the search."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """ "Object ``kind``/``object_id`` changed; make the index match the database."

    The row carries no payload and no action: the drainer reads the object's current state and
    indexes or deletes it, so draining is idempotent and the order of rows does not matter.
    """

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Index-Auftrag")
        verbose_name_plural = _("Index-Aufträge")
        indexes = [
            models.Index(fields=["id"], condition=models.Q(processed_at__isnull=True), name="outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


_TERM_SPLIT = re.compile(r"\s*(?:[,;=\n]|\s-\s)\s*")
MAX_SYNONYM_TERMS = 12
MAX_SYNONYM_TERM_LENGTH = 80


def split_terms(text: str) -> list[str]:
    """``"KOD = Kommunaler Ordnungsdienst"`` → ``["KOD", "Kommunaler Ordnungsdienst"]`` (deduplicated)."""
    out: list[str] = []
    for term in _TERM_SPLIT.split(text or ""):
        term = " ".join(term.split())
        if term and term.lower() not in {t.lower() for t in out}:
            out.append(term)
    return out


class Synonym(models.Model):
    """Words and acronyms that mean the same, kept by the editors; applied to queries at once."""

    terms = models.TextField(
        _("Begriffe"),
        help_text=_(
            "Gleichbedeutende Begriffe oder Abkürzung und Langform, durch Komma oder „=“ getrennt, "
            "z. B. „KOD = Kommunaler Ordnungsdienst“ oder „Notrufknopf, Alarmknopf, Notfallknopf“. "
            "Wirkt sofort auf die Suche, ohne Neuaufbau des Index."
        ),
    )
    note = models.CharField(_("Notiz"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Synonym")
        verbose_name_plural = _("Synonyme")
        ordering = ["terms"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(terms=""), name="synonym_terms_not_empty"),
        ]

    def __str__(self) -> str:
        return " = ".join(self.term_list())

    def term_list(self) -> list[str]:
        return split_terms(self.terms)[:MAX_SYNONYM_TERMS]

    def clean(self) -> None:
        terms = split_terms(self.terms)
        if len(terms) < 2:
            raise ValidationError({"terms": _("Bitte mindestens zwei gleichbedeutende Begriffe angeben.")})
        if len(terms) > MAX_SYNONYM_TERMS:
            raise ValidationError(
                {"terms": _("Höchstens %(n)d Begriffe je Eintrag.") % {"n": MAX_SYNONYM_TERMS}}
            )
        if any(len(t) > MAX_SYNONYM_TERM_LENGTH for t in terms):
            raise ValidationError(
                {
                    "terms": _("Ein Begriff darf höchstens %(n)d Zeichen haben.")
                    % {"n": MAX_SYNONYM_TERM_LENGTH}
                }
            )
