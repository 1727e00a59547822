"""Forms of the members area around best practices."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.form_fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from exchange.models import Organisation

from .models import PracticePage, Term


class AdoptionForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    experience = forms.CharField(
        label=_("Ihre Erfahrungen (optional)"), required=False, max_length=4000, widget=forms.Textarea
    )

    def __init__(self, *args, organisations: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["organisation"]).choices = organisations


def _terms(vocabulary: str) -> forms.ModelMultipleChoiceField:
    return BoundedModelMultipleChoiceField(
        queryset=Term.objects.filter(vocabulary=vocabulary).order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PracticeDraftForm(forms.Form):
    """The short members-area form: creates a draft that the author then submits for review."""

    title = forms.CharField(label=_("Titel"), max_length=255)
    summary = forms.CharField(
        label=_("Kurzbeschreibung"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zwei, drei Sätze: welches Problem, welche Lösung."),
    )
    organisation = BoundedModelChoiceField(
        label=_("Federführende Organisation"), queryset=Organisation.objects.none()
    )
    target_groups = _terms(Term.Vocabulary.TARGET_GROUP)
    phases = _terms(Term.Vocabulary.PHASE)
    measure_types = _terms(Term.Vocabulary.MEASURE_TYPE)
    status = forms.ChoiceField(label=_("Stand"), choices=PracticePage.Status.choices)
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Problem, Ziele und Umsetzung. Sie können den Text später im Redaktionssystem ergänzen."),
    )

    def __init__(self, *args, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = Organisation.objects.filter(pk__in=organisation_ids)
        self.fields["target_groups"].label = _("Zielgruppen")
        self.fields["phases"].label = _("Phase")
        self.fields["measure_types"].label = _("Art der Maßnahme")
        for name in ("target_groups", "phases", "measure_types"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Bitte wählen Sie mindestens einen Eintrag.")
