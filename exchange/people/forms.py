"""Forms about people: sign-up, profile, tokens, account deletion, the directory filter."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..form_fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from ..http import client_ip
from ..membership import services as membership_services
from ..membership.audit import audit_record
from ..membership.forms import organisations_open
from ..models import AuditEvent, Organisation, User, WorkingGroup
from .services import MAX_TOKEN_NAME


class SignupForm(AllauthSignupForm):
    """Registration = a membership request: name, function and organisation besides e-mail and password."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    position = forms.CharField(label=_("Funktion / Position"), max_length=200)
    organisation = BoundedModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("– bitte wählen –"),
        help_text=_("Eine Ansprechperson Ihrer Organisation oder die Geschäftsstelle prüft Ihren Antrag."),
    )

    field_order = ["email", "first_name", "last_name", "position", "organisation", "password1", "password2"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_open()  # type: ignore[attr-defined]
        self.invitation = None
        request = allauth_context.request
        session = getattr(request, "session", None)
        token = session.get("invitation_token") if session is not None else None
        if token:
            invitation = membership_services.invitation_for_token(token)
            if invitation is not None and invitation.is_open:
                # Invited people join through the invitation; no separate request is filed.
                self.invitation = invitation
                self.fields["organisation"].required = False
                self.fields["organisation"].initial = invitation.organisation_id
                self.fields["organisation"].disabled = True
                self.fields["email"].initial = invitation.email

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            user.position = self.cleaned_data["position"].strip()
            user.save(update_fields=["position"])
            ip = client_ip(request)
            audit_record(kind=AuditEvent.Kind.SIGNUP, actor=user, subject=user, ip_address=ip)
            if self.invitation is None:
                membership_services.membership_request(
                    user=user, organisation=self.cleaned_data["organisation"], ip_address=ip
                )
        return user


class ProfileForm(forms.ModelForm):
    INTEREST_FIELDS = ("interest_target_groups", "interest_professional_fields", "interest_region")

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "position",
            "phone",
            "profile_visibility",
            "interest_target_groups",
            "interest_professional_fields",
            "interest_region",
        ]
        labels = {"first_name": _("Vorname"), "last_name": _("Nachname")}
        field_classes = {
            "interest_target_groups": BoundedModelMultipleChoiceField,
            "interest_professional_fields": BoundedModelMultipleChoiceField,
        }
        widgets = {
            "interest_target_groups": forms.CheckboxSelectMultiple,
            "interest_professional_fields": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, suggested=None, **kwargs) -> None:
        """``suggested``: :class:`exchange.people.selectors.Interests` derived from the organisation, shown
        as the initial choice while the person has saved no interests of their own."""
        super().__init__(*args, **kwargs)
        for name in ("interest_target_groups", "interest_professional_fields"):
            field = self.fields[name]
            field.queryset = field.queryset.order_by("position", "name")  # type: ignore[attr-defined]
        if suggested:
            self.initial["interest_target_groups"] = sorted(suggested.target_group_ids)
            self.initial["interest_professional_fields"] = sorted(suggested.professional_field_ids)
            self.initial["interest_region"] = suggested.region

    def personal_fields(self):
        return [self[name] for name in self.Meta.fields if name not in self.INTEREST_FIELDS]

    def interest_fields(self):
        return [self[name] for name in self.INTEREST_FIELDS]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=MAX_TOKEN_NAME,
        help_text=_("Wofür Sie das Token verwenden, z. B. „Auswertung Tabellenkalkulation“."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Ihr Passwort"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(
        label=_("Ich möchte mein Konto endgültig löschen."),
        help_text=_("Ihre Forenbeiträge bleiben erhalten und erscheinen als „ehemaliges Mitglied“."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht richtig."))
        return password


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    organisation = BoundedModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("alle")
    )
    region = forms.ChoiceField(
        label=_("Regierungsbezirk"), choices=[("", _("alle")), *Organisation.Region.choices], required=False
    )
    position = forms.CharField(label=_("Funktion"), required=False, max_length=100)
    working_group = BoundedModelChoiceField(
        label=_("Arbeitsgruppe"), queryset=WorkingGroup.objects.none(), required=False, empty_label=_("alle")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_open()  # type: ignore[attr-defined]
        self.fields["working_group"].queryset = WorkingGroup.objects.order_by("name")  # type: ignore[attr-defined]
