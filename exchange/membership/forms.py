"""Forms about memberships (German labels; the services validate again and own the writes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..form_fields import BoundedModelChoiceField
from ..models import Membership, Organisation
from ..validation import MAX_REASON


def organisations_open() -> QuerySet[Organisation]:
    """The organisations people may ask to join (also at sign-up)."""
    return Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("name")


class MembershipRequestForm(forms.Form):
    organisation = BoundedModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=_("– bitte wählen –")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_open()  # type: ignore[attr-defined]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Die Begründung wird der Person per E-Mail mitgeteilt."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(
        label=_("Rolle"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )

    def __init__(self, *args: Any, allow_partner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_partner:
            self.fields["role"].choices = [  # type: ignore[attr-defined]
                (Membership.Role.MEMBER, Membership.Role.MEMBER.label)
            ]
