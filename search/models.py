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


# --- Attachment text (search.attachments) -------------------------------------------------------


class AttachmentText(models.Model):
    """Text extracted from one document (PDF), indexed with every practice that attaches it.

    ``file_hash`` is the document's hash at extraction time: the same file is never read twice,
    a replaced file is read again. A broken file is remembered as failed, not retried each time.
    """

    class Status(models.TextChoices):
        OK = "ok", _("gelesen")
        FAILED = "failed", _("nicht lesbar")
        UNSUPPORTED = "unsupported", _("Dateityp ohne Textauszug")

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="search_text"
    )
    file_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    text = models.TextField(blank=True)
    truncated = models.BooleanField(default=False)
    error = models.CharField(max_length=500, blank=True)
    extracted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Dokumenttext")
        verbose_name_plural = _("Dokumenttexte")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["ok", "failed", "unsupported"]),
                name="attachment_text_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.status}"


# --- Search analytics (search.analytics) --------------------------------------------------------


class SearchQueryLog(models.Model):
    """One search as the editors see it: what was asked, how much was found, which filters.

    Deliberately without user, session, IP address or time of day: only the day is kept, so a
    row cannot be tied back to a person through other logs.
    """

    query = models.CharField(_("Suchbegriff"), max_length=200)
    result_count = models.PositiveIntegerField(_("Treffer"))
    types = models.CharField(_("Typen"), max_length=100, blank=True)
    filters = models.JSONField(_("Filter"), default=dict, blank=True)
    page = models.PositiveSmallIntegerField(_("Seite"), default=1)
    source = models.CharField(_("Quelle"), max_length=10, default="page")
    day = models.DateField(_("Tag"), default=timezone.localdate, db_index=True)

    class Meta:
        verbose_name = _("Suchanfrage")
        verbose_name_plural = _("Suchanfragen")
        indexes = [models.Index(fields=["day", "query"], name="search_log_day_query")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(query=""), name="search_log_query_not_empty"),
            models.CheckConstraint(condition=models.Q(page__gte=1), name="search_log_page_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.query} ({self.result_count})"


class SearchClick(models.Model):
    """A member followed result number ``position`` (1-based, over all pages) of a logged search."""

    search = models.ForeignKey(SearchQueryLog, on_delete=models.CASCADE, related_name="clicks")
    position = models.PositiveIntegerField(_("Position"))
    url = models.CharField(_("Ziel"), max_length=500)
    day = models.DateField(_("Tag"), default=timezone.localdate)

    class Meta:
        verbose_name = _("Klick auf Treffer")
        verbose_name_plural = _("Klicks auf Treffer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="search_click_position_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.search_id}#{self.position}"


# --- Promotions (search.promotions) -------------------------------------------------------------


class Promotion(models.Model):
    """Editors put a practice first for certain queries ("Empfehlung der Redaktion").

    Shown only to people who may see the practice, and only while it is live and in its dates.
    """

    queries = models.TextField(
        _("Suchbegriffe"),
        help_text=_(
            "Suchanfragen, bei denen das Praxisbeispiel zuerst erscheint, durch Komma getrennt, "
            "z. B. „Notruf, Alarmknopf, stiller Alarm“. Groß-/Kleinschreibung, Umlaute und "
            "Beugungen spielen keine Rolle."
        ),
    )
    page = models.ForeignKey(
        "cms.PracticePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Praxisbeispiel"),
    )
    note = models.CharField(_("Notiz"), max_length=200, blank=True)
    starts_on = models.DateField(_("Anzeigen ab"), null=True, blank=True)
    ends_on = models.DateField(_("Anzeigen bis"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Empfehlung in der Suche")
        verbose_name_plural = _("Empfehlungen in der Suche")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(queries=""), name="promotion_queries_not_empty"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="promotion_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{', '.join(self.query_list())} → {self.page}"

    def query_list(self) -> list[str]:
        return split_terms(self.queries)[:MAX_SYNONYM_TERMS]

    def clean(self) -> None:
        if not split_terms(self.queries):
            raise ValidationError({"queries": _("Bitte mindestens einen Suchbegriff angeben.")})
        if any(len(t) > MAX_SYNONYM_TERM_LENGTH for t in split_terms(self.queries)):
            raise ValidationError(
                {
                    "queries": _("Ein Suchbegriff darf höchstens %(n)d Zeichen haben.")
                    % {"n": MAX_SYNONYM_TERM_LENGTH}
                }
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})
