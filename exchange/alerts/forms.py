"""The form of a saved search: its name and how often it sends alerts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SavedSearch
from .services import MAX_NAME_LENGTH


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name der Suche"),
        max_length=MAX_NAME_LENGTH,
        error_messages={"required": _("Bitte geben Sie der Suche einen Namen.")},
    )
    frequency = forms.ChoiceField(
        label=_("E-Mail bei neuen Treffern"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.WEEKLY,
        error_messages={"invalid_choice": _("Bitte wählen Sie täglich, wöchentlich oder keine E-Mail.")},
    )
