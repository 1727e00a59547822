"""Demo saved searches (exchange.alerts): the Bonn member keeps two searches, one with weekly alerts."""

from __future__ import annotations

from exchange.alerts import services
from exchange.models import SavedSearch, User

SAVED_SEARCHES = [
    # (member, name, search parameters as on the search page, frequency)
    ("mitglied@sicherimdienst.example", "Hausverbot", {"q": ["Hausverbot"]}, "weekly"),
    ("mitglied@sicherimdienst.example", "Vorsorge im Innendienst", {"phase": ["Vorsorge"]}, "none"),
]


def load() -> None:
    for email, name, data, frequency in SAVED_SEARCHES:
        user = User.objects.filter(email=email).first()
        if user is None or SavedSearch.objects.filter(user=user, name=name).exists():
            continue
        services.saved_search_create(
            user=user, name=name, params=services.params_clean(data), frequency=frequency
        )
