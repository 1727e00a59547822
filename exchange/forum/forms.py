"""Forms of the forum. They collect input; the forum services validate again and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import Term

from ..form_fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from ..models import Category
from ..validation import MAX_REASON
from .attachments import ALLOWED_LABEL
from .services import MAX_BODY, MAX_TITLE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern from Django's documentation)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class _BodyForm(forms.Form):
    body = forms.CharField(
        label=_("Beitrag"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **fett**, *kursiv*, > Zitat, - Liste, [Text](https://…)."),
    )
    confirm_privacy = forms.BooleanField(
        label=_("Ich habe den Hinweis gelesen und möchte trotzdem veröffentlichen."), required=False
    )


class _AttachmentsMixin(forms.Form):
    attachments = MultipleFileField(
        label=_("Anhänge"),
        required=False,
        help_text=_("Erlaubt: %(types)s. Bei einer Vorschau bitte erneut auswählen.")
        % {"types": ALLOWED_LABEL},
    )


class ThreadForm(_AttachmentsMixin, _BodyForm):
    title = forms.CharField(label=_("Titel"), max_length=MAX_TITLE)
    tags = BoundedModelMultipleChoiceField(
        label=_("Schlagwörter"),
        queryset=Term.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    practice = BoundedModelChoiceField(
        label=_("Bezug zu einem Praxisbeispiel (optional)"),
        queryset=Term.objects.none(),
        required=False,
        empty_label=_("– kein Bezug –"),
    )

    field_order = ["title", "body", "tags", "practice", "attachments", "confirm_privacy"]

    def __init__(self, *args, practices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Term.objects.order_by("vocabulary", "position", "name")  # type: ignore[attr-defined]
        self.fields["practice"].queryset = practices.order_by("title")  # type: ignore[attr-defined]


class PostForm(_AttachmentsMixin, _BodyForm):
    field_order = ["body", "attachments", "confirm_privacy"]


class EditForm(_BodyForm):
    pass


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum melden Sie diesen Beitrag?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MoveForm(forms.Form):
    category = BoundedModelChoiceField(label=_("Neue Kategorie"), queryset=Category.objects.all())


class MergeForm(forms.Form):
    target = forms.IntegerField(
        label=_("Nummer des Zielthemas"),
        min_value=1,
        help_text=_("Alle Beiträge wandern in das Zielthema; dieses Thema wird danach gelöscht."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Moderationsnotiz (nur für die Redaktion)"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Grund (für das Protokoll)"), max_length=MAX_REASON, required=False)
