"""Notification fan-out benchmark: time and queries of one fan-out for N category followers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sid_notify uv run python bench/notifications_fanout.py

Uses the database in DATABASE_URL (migrates it, writes its rows inside one transaction that is
rolled back at the end, so nothing stays). Asserts nothing; prints a table. The fan-out asks
``exchange.access.viewer_for`` once per candidate (a few queries each): this shows the cost.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from exchange.models import Category, Follow, Membership, Organisation, Post, Thread, User  # noqa: E402
from exchange.notifications import delivery  # noqa: E402


class Rollback(Exception):
    pass


def run(followers: int) -> tuple[float, int, int]:
    try:
        with transaction.atomic():
            org = Organisation.objects.create(name="Bench Stadt", slug="bench-stadt", region="muenster")
            category = Category.objects.create(name="Bench", slug="bench")
            users = User.objects.bulk_create(
                User(email=f"b{i}@bench.example", first_name="B", last_name=str(i), handle=f"b-{i}")
                for i in range(followers + 1)
            )
            Membership.objects.bulk_create(
                Membership(user=u, organisation=org, status=Membership.Status.ACTIVE) for u in users
            )
            Follow.objects.bulk_create(Follow(user=u, category=category) for u in users[1:])
            thread = Thread.objects.create(category=category, title="Bench", author=users[0])
            post = Post.objects.create(thread=thread, author=users[0], body="x @b-1", body_html="")
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                created = delivery.notification_fanout(post_id=post.pk).created
                elapsed = time.perf_counter() - started
            raise Rollback((elapsed, len(ctx.captured_queries), created))
    except Rollback as done:
        return done.args[0]


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    print(f"{'followers':>10} {'seconds':>9} {'queries':>8} {'created':>8}")
    for n in (10, 100, 500, 1000):
        elapsed, queries, created = run(n)
        print(f"{n:>10} {elapsed:>9.3f} {queries:>8} {created:>8}")


if __name__ == "__main__":
    main()
