"""Forms of direct messages. They collect input; the services validate again and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forum.attachments import ALLOWED_LABEL
from ..forum.forms import MultipleFileField
from ..validation import MAX_REASON
from .services import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Nachricht"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **fett**, *kursiv*, > Zitat, - Liste, [Text](https://…)."),
    )
    attachments = MultipleFileField(
        label=_("Anhänge"), required=False, help_text=_("Erlaubt: %(types)s.") % {"types": ALLOWED_LABEL}
    )


class StartForm(MessageForm):
    more = forms.CharField(
        label=_("Weitere Personen (optional)"),
        required=False,
        max_length=500,
        help_text=_("Kurznamen mit @, durch Komma getrennt, z. B. @anna-muster, @max-beispiel."),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Was ist an dieser Nachricht problematisch?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ContactSettingsForm(forms.Form):
    organisation_only = forms.BooleanField(
        label=_("Nur Personen meiner Organisation dürfen mir Nachrichten schreiben"), required=False
    )


class ResolveForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", _("Nachricht ausblenden")), ("dismiss", _("Meldung zurückweisen"))]
    )
