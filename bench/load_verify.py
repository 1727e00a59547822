"""After the load run (bench/load.py): every reply the site accepted (HTTP 302) is in the database
exactly once and in the search index. Reads the markers the locust members wrote into their
replies (LOAD_ACCEPTED, one JSON object per line: marker, thread), waits up to 60 s for the Celery
worker to drain both outboxes, then checks each marker. Prints one JSON object."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

from exchange.models import NotificationOutbox, Post  # noqa: E402
from search.client import get_client  # noqa: E402
from search.indexes import read_alias  # noqa: E402
from search.models import OutboxEntry  # noqa: E402


def pending() -> dict[str, int]:
    return {
        "search": OutboxEntry.objects.filter(processed_at__isnull=True).count(),
        "notifications": NotificationOutbox.objects.filter(processed_at__isnull=True).count(),
    }


def main(accepted_file: Path) -> dict:
    accepted = [json.loads(line) for line in accepted_file.read_text().splitlines() if line.strip()]
    started = time.monotonic()
    while any(pending().values()) and time.monotonic() - started < 60:
        time.sleep(0.5)
    drained_after = round(time.monotonic() - started, 1)
    client, alias = get_client(), read_alias("thread")
    client.indices.refresh(index=alias)
    in_database_once, missing_in_index, duplicates, missing = 0, [], [], []
    for reply in accepted:
        count = Post.objects.filter(body__contains=reply["marker"]).count()
        if count == 1:
            in_database_once += 1
        elif count == 0:
            missing.append(reply["marker"])
        else:
            duplicates.append(reply["marker"])
        query = {
            "bool": {
                "filter": [{"ids": {"values": [str(reply["thread"])]}}],
                "must": [{"match": {"body": {"query": reply["marker"], "operator": "and"}}}],
            }
        }
        if client.count(index=alias, query=query)["count"] != 1:
            missing_in_index.append(reply["marker"])
    return {
        "accepted": len(accepted),
        "in_database_once": in_database_once,
        "missing_in_database": missing,
        "duplicated_in_database": duplicates,
        "missing_in_index": missing_in_index,
        "outbox_pending_after": pending(),
        "outbox_drained_after_s": drained_after,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
