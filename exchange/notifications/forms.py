"""Forms of participation: the follow level of a thread or category, the e-mail choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Follow, NotificationSettings

UNFOLLOW = "none"


class FollowForm(forms.Form):
    level = forms.ChoiceField(label=_("Benachrichtigungen"))

    def __init__(self, *args: Any, for_category: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = [Follow.Level.ALL, *([Follow.Level.NEW_THREADS] if for_category else []), Follow.Level.MUTED]
        self.fields["level"].choices = [(UNFOLLOW, _("nicht folgen"))] + [  # type: ignore[attr-defined]
            (lv.value, lv.label) for lv in levels
        ]


class NotificationSettingsForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-Mail-Benachrichtigungen"),
        choices=NotificationSettings.Email.choices,
        widget=forms.RadioSelect,
    )
