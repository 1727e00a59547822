"""The signed one-click unsubscribe link of an alert e-mail: it names one saved search, needs no
login, and cannot be forged or altered (django.core.signing with its own salt). It does not expire:
an old alert's link must still work."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

SALT = "exchange.alerts.unsubscribe"


def token_make(saved_search_id: int) -> str:
    return signing.dumps(saved_search_id, salt=SALT, compress=False)


def token_read(token: str) -> int:
    """The saved search a token names; a ``ValidationError`` (German) for anything altered."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise ValidationError(_("Dieser Abmeldelink ist ungültig oder wurde verändert.")) from exc
    if not isinstance(value, int):
        raise ValidationError(_("Dieser Abmeldelink ist ungültig oder wurde verändert."))
    return value


def unsubscribe_path(saved_search_id: int) -> str:
    return reverse("saved-search-unsubscribe", args=[token_make(saved_search_id)])
