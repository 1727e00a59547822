"""Seed the load-test database through the project's services and factories (idempotent).

Run by bench/load.py with its own DATABASE_URL (sid_load): members of a few organisations, a forum
category with threads and replies, published practices. Writes bench/results/load-seed.json with
what the locust users need (logins, URLs, ids).
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.models import PracticePage  # noqa: E402
from cms.setup import site_tree_ensure  # noqa: E402
from exchange.forum.services import post_create, thread_create  # noqa: E402
from exchange.models import Post, Thread, User  # noqa: E402
from tests.factories import (  # noqa: E402
    PASSWORD,
    CategoryFactory,
    OrganisationFactory,
    member_create,
    practice_publish,
)

TOPICS = [
    "Deeskalation am Schalter",
    "Hausverbot im Jobcenter",
    "Notrufknopf im Bürgerbüro",
    "Schulkennzeichnung und Orientierung",
    "Melde- und Auskunftssystem",
    "Kommunaler Ordnungsdienst im Einsatz",
    "Gefährdungsbeurteilung für Mitarbeiter:innen",
    "Nachsorge nach einem Übergriff",
    "Alarmierungsplan der Ausländerbehörde",
    "Sicherheitsdienst im Rathaus",
]
BODY = (
    "Wir haben in unserer Verwaltung gute Erfahrungen mit {t} gemacht. Die Beschäftigten wurden "
    "geschult, die Abläufe sind schriftlich festgelegt, und die Personalvertretung war beteiligt."
)


def main(members: int, practices: int, threads: int, replies: int) -> dict:
    rng = random.Random(8)
    _, index = site_tree_ensure()
    orgs = [OrganisationFactory(name=f"Stadt Lastort {i}") for i in range(5)]
    users = [
        member_create(orgs[i % len(orgs)], email=f"last{i}@example.org")
        for i in range(members)
        if not User.objects.filter(email=f"last{i}@example.org").exists()
    ]

    members_since = User.objects.filter(email__startswith="last", email__endswith="@example.org")
    # established members (the forum's stricter rate limit is for accounts younger than a week)
    members_since.update(date_joined=timezone.now() - timedelta(days=90))
    people = list(members_since.order_by("pk"))
    have = PracticePage.objects.live().count()
    for i in range(have, practices):
        topic = TOPICS[i % len(TOPICS)]
        practice_publish(
            index,
            title=f"{topic} ({i})",
            organisation=orgs[i % len(orgs)],
            summary=BODY.format(t=topic),
            body=BODY.format(t=topic) * 3,
        )
    category = CategoryFactory(name="Erfahrungsaustausch")
    for i in range(Thread.objects.count(), threads):
        topic = TOPICS[i % len(TOPICS)]
        thread = thread_create(
            author=rng.choice(people), category=category, title=f"{topic}?", body=BODY.format(t=topic)
        )
        for _ in range(replies):
            post_create(
                author=rng.choice(people), thread=thread, body="Danke, das probieren wir auch: " + topic
            )
    reply_url = reverse("forum-post-reply", kwargs={"pk": 0}).replace("/0/", "/{id}/")
    return {
        "created_members": len(users),
        "password": PASSWORD,
        "emails": [u.email for u in people],
        "practice_index": index.url,
        "practices": [p.url for p in PracticePage.objects.live().order_by("pk")[:200]],
        "threads": list(Thread.objects.order_by("pk").values_list("pk", flat=True)[:500]),
        "posts": Post.objects.count(),
        "reply_url": reply_url,
    }


if __name__ == "__main__":
    members, practices, threads, replies, out = (
        int(sys.argv[1]),
        int(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
        sys.argv[5],
    )
    Path(out).write_text(json.dumps(main(members, practices, threads, replies), indent=1))
