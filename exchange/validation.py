"""Input checks every sub-domain's services share: required text with a maximum length."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_REASON = 2_000  # a reason, report or note someone writes (rejection, flag, moderation)


def clean_text(value: str, *, field: str, max_length: int) -> str:
    """The stripped text; ``ValidationError`` on ``field`` when it is empty or too long."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Dieses Feld darf nicht leer sein.")})
    if len(value) > max_length:
        raise ValidationError({field: _("Höchstens %(n)d Zeichen.") % {"n": max_length}})
    return value
