"""The public join form: the organisation's data and its contact person, plus two traps for bots
that need no third-party service: a honeypot field people never see, and the time the form was shown,
signed by the server, so a form sent within seconds (or replayed days later) is refused."""

from __future__ import annotations

import time
from typing import cast

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from exchange.models import Organisation

from .models import JoinRequest

STARTED_SALT = "network.join.started"
HONEYPOT = "homepage"  # a name bots like to fill; hidden from people (CSS display: none, no label read)

REFUSED = _(
    "Ihre Anfrage konnte nicht angenommen werden. Bitte laden Sie die Seite neu und senden Sie sie erneut."
)
TOO_FAST = _(
    "Das Formular wurde ungewöhnlich schnell abgeschickt. "
    "Bitte prüfen Sie Ihre Angaben und senden Sie es erneut."
)
EXPIRED = _("Das Formular ist abgelaufen. Bitte prüfen Sie Ihre Angaben und senden Sie es erneut.")


def started_token(at: float | None = None) -> str:
    """The signed moment the form was shown (``at`` in seconds since the epoch; default now)."""
    return signing.dumps(int(time.time() if at is None else at), salt=STARTED_SALT)


def started_check(token: str) -> None:
    """Raise a ``ValidationError`` (German) when the token is forged, too fresh or too old."""
    try:
        started = float(signing.loads(token or "", salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise ValidationError(REFUSED, code="refused") from exc
    age = time.time() - started
    limits = settings.NETWORK_JOIN
    if age < limits["MIN_SECONDS"]:
        raise ValidationError(TOO_FAST, code="too_fast")
    if age > limits["MAX_AGE_HOURS"] * 3600:
        raise ValidationError(EXPIRED, code="expired")


class JoinRequestForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "Ich willige ein, dass die Geschäftsstelle diese Angaben zur Bearbeitung der Anfrage "
            "speichert und mich dazu kontaktiert."
        ),
        error_messages={"required": _("Ohne Ihre Einwilligung können wir die Anfrage nicht bearbeiten.")},
    )
    listing_consent = forms.BooleanField(
        required=False,
        label=_(
            "Unsere Organisation darf nach der Aufnahme in der öffentlichen Partnerliste genannt werden."
        ),
    )
    homepage = forms.CharField(required=False, label=_("Bitte leer lassen"), max_length=200)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = JoinRequest
        fields = [
            "organisation_name",
            "kind",
            "region",
            "contact_name",
            "contact_email",
            "contact_position",
            "message",
            "consent",
            "listing_consent",
        ]
        labels = {
            "organisation_name": _("Name der Organisation"),
            "contact_name": _("Vor- und Nachname"),
            "contact_email": _("Dienstliche E-Mail-Adresse"),
            "contact_position": _("Funktion"),
            "message": _("Nachricht an die Geschäftsstelle (freiwillig)"),
        }
        help_texts = {
            "contact_email": _("An diese Adresse schicken wir die Bestätigung und später die Einladung."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("organisation_name", "contact_name", "contact_email", "contact_position"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "organisation_name": "organization",
                "contact_name": "name",
                "contact_email": "email",
                "contact_position": "organization-title",
            }[name]
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        please_choose = ("", _("Bitte wählen"))
        cast(forms.ChoiceField, self.fields["kind"]).choices = [please_choose, *Organisation.Kind.choices]
        cast(forms.ChoiceField, self.fields["region"]).choices = [please_choose, *Organisation.Region.choices]

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise ValidationError(REFUSED, code="refused")
        if not self.errors:  # a person correcting their input needs the field errors, not the timer's
            started_check(self.data.get("started", ""))
        return cleaned
