"""Writes of saved searches: save the current search, rename it, change its alert, delete it.

The search is validated by the search page's own parameter parsing (``search.facets.params_from``),
so a saved search always runs as it did when it was saved; a refusal is a German ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from search.facets import FACETS_BY_NAME, InvalidSearch, SearchParams, params_from

from ..access import member_viewer
from ..models import SavedSearch, User

MAX_SAVED_SEARCHES = 20
MAX_NAME_LENGTH = 100


def params_clean(data: object) -> SearchParams:
    """The search parameters of a request or payload (``q``, facet names, ``sort``), as the search
    page reads them (strict: an over-long query is refused, not shortened)."""
    try:
        params = params_from(data, strict=True)
    except InvalidSearch as exc:
        raise ValidationError(str(exc)) from exc
    if not (params.query or params.has_filters):
        raise ValidationError(_("Bitte geben Sie Suchbegriffe ein oder wählen Sie Filter."))
    if any(ord(c) < 32 for _name, values in params.filters for v in values for c in v):
        raise ValidationError(_("Filter dürfen keine Steuerzeichen enthalten."))  # unstorable in JSON
    return params


FILTER_NAMES = frozenset(FACETS_BY_NAME) | {"sort", "autocorrect"}


def payload_params(*, query: str, filters: Mapping[str, list[str]]) -> SearchParams:
    """The search of an API payload: the query, and filters named as the search page's parameters.
    Unknown names are refused (the search page would silently drop them)."""
    unknown = sorted(set(filters) - FILTER_NAMES)
    if unknown:
        raise ValidationError(_("Unbekannter Filter: %(name)s") % {"name": unknown[0][:40]})
    return params_clean({**filters, "q": [query]})


def params_filters(params: SearchParams) -> dict[str, list[str]]:
    """What ``SavedSearch.filters`` stores: every parameter but the query and the page."""
    filters: dict[str, list[str]] = {}
    for name, value in params.query_items():
        if name != "q":
            filters.setdefault(name, []).append(value)
    return filters


def saved_search_params(saved: SavedSearch) -> SearchParams:
    """The stored search as parameters (validated again: vocabularies may have changed since)."""
    try:
        return params_from({"q": [saved.query], **saved.filters}, strict=False)
    except InvalidSearch:  # a filter value that no longer exists: search without the filters
        return params_from({"q": [saved.query]}, strict=False)


def _name_clean(name: str) -> str:
    name = " ".join("".join(c for c in str(name) if ord(c) >= 32).split())  # no control characters
    if not name:
        raise ValidationError(_("Bitte geben Sie der Suche einen Namen."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("Der Name ist zu lang (höchstens %(max)d Zeichen).") % {"max": MAX_NAME_LENGTH}
        )
    return name


def _frequency_clean(frequency: str) -> str:
    if frequency not in SavedSearch.Frequency.values:
        raise ValidationError(_("Bitte wählen Sie täglich, wöchentlich oder keine E-Mail."))
    return frequency


def _save(saved: SavedSearch) -> SavedSearch:
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError as exc:
        raise ValidationError(_("Sie haben schon eine Suche mit diesem Namen gespeichert.")) from exc
    return saved


@transaction.atomic
def saved_search_create(*, user: User, name: str, params: SearchParams, frequency: str) -> SavedSearch:
    """Save a search for a member (at most MAX_SAVED_SEARCHES each). Its first alert lists what is
    new after this moment."""
    member_viewer(user)
    name, frequency = _name_clean(name), _frequency_clean(frequency)
    if not (params.query or params.has_filters):
        raise ValidationError(_("Bitte geben Sie Suchbegriffe ein oder wählen Sie Filter."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one count per member at a time
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("Sie können höchstens %(max)d Suchen speichern. Bitte löschen Sie zuerst eine.")
            % {"max": MAX_SAVED_SEARCHES}
        )
    saved = SavedSearch(
        user=user,
        name=name,
        query=params.query,
        filters=params_filters(params),
        frequency=frequency,
        last_sent_at=timezone.now(),
    )
    return _save(saved)


def _own(user: User, saved_search_id: int) -> SavedSearch:
    saved = SavedSearch.objects.select_for_update().filter(pk=saved_search_id, user=user).first()
    if saved is None:
        raise Http404(_("Diese gespeicherte Suche gibt es nicht."))
    return saved


@transaction.atomic
def saved_search_update(
    *, user: User, saved_search_id: int, name: str | None = None, frequency: str | None = None
) -> SavedSearch:
    """Rename a saved search or change how often it sends alerts. Switching alerts on again starts
    the window now: no alert about what appeared while they were off."""
    saved = _own(user, saved_search_id)
    if name is not None:
        saved.name = _name_clean(name)
    if frequency is not None:
        frequency = _frequency_clean(frequency)
        if saved.frequency == SavedSearch.Frequency.NONE and frequency != saved.frequency:
            saved.last_sent_at = timezone.now()
        saved.frequency = frequency
    return _save(saved)


@transaction.atomic
def saved_search_delete(*, user: User, saved_search_id: int) -> None:
    _own(user, saved_search_id).delete()


@transaction.atomic
def saved_search_unsubscribe(*, saved_search_id: int) -> SavedSearch | None:
    """The one-click unsubscribe of an alert e-mail: no more e-mails, the search itself stays.
    None when the search was deleted meanwhile (the link then has nothing left to do)."""
    saved = SavedSearch.objects.select_for_update().filter(pk=saved_search_id).first()
    if saved is not None and saved.frequency != SavedSearch.Frequency.NONE:
        saved.frequency = SavedSearch.Frequency.NONE
        saved.save(update_fields=["frequency"])
    return saved
