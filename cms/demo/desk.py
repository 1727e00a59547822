"""Demo searches without results, so the editors' desk shows the panel "Suchen ohne Treffer" from a
fresh ``make run``. Logged through search analytics like real searches (a query and a count, no
person); once per day: a second run on the same day adds nothing."""

from __future__ import annotations

from django.utils import timezone

from search import analytics
from search.models import SearchQueryLog

# query, how often it was searched this week (demo values, no statistic)
ZERO_RESULT_SEARCHES = [
    ("schutzweste gerichtsvollzieher", 3),
    ("kita elterngespräch eskalation", 2),
    ("pfefferspray dienstlich", 1),
]


def load() -> None:
    today = timezone.localdate()
    for query, times in ZERO_RESULT_SEARCHES:
        if SearchQueryLog.objects.filter(query=analytics.analytics_normalise(query), day=today).exists():
            continue
        for _ in range(times):
            analytics.analytics_record(query=query, result_count=0)
