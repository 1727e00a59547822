"""The queue under faults: Redis stopped while members write, a worker killed in the middle of a task.

Real parts only: a private redis-server, a private osmem, Celery workers in their own processes on
the test database (PostgreSQL, since two processes share it). What is checked after recovery is
the state members care about: every write is in the database, the index equals the database id for
id, every outbox row was processed, and every e-mail was sent exactly once.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction

from search import rebuild
from search.models import OutboxEntry
from tests.factories import practice_publish

from .harness import (
    WorkerProcess,
    celery_broker,
    index_equals_database,
    search_at,
    wait_for,
)
from .test_search_down import WRITES, within_guard

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def stack(settings, tmp_path, redis_server, osmem, practice_index, org, member, partner, forum):
    """Redis + osmem + the web side (this process) sending tasks to Redis; workers are started by tests."""
    workers: list[WorkerProcess] = []

    def worker(**kwargs) -> WorkerProcess:
        w = WorkerProcess(broker_url=redis_server.url, search_addr=osmem.addr, gate_dir=tmp_path, **kwargs)
        workers.append(w.start())
        return w

    with search_at(settings, osmem), celery_broker(redis_server.url):
        rebuild.index_rebuild()
        category, thread = forum
        yield {
            "redis": redis_server,
            "osmem": osmem,
            "worker": worker,
            "workers": workers,
            "index": practice_index,
            "org": org,
            "member": member,
            "partner": partner,
            "category": category,
            "thread": thread,
            "tmp": tmp_path,
        }
        for w in workers:
            w.stop()


def all_processed() -> bool:
    return not OutboxEntry.objects.filter(processed_at__isnull=True).exists()


def test_redis_stopped_while_members_write_then_the_sweep_indexes_everything_once(stack):
    from search.tasks import sweep_outbox

    worker = stack["worker"]()
    redis = stack["redis"]
    redis.stop()

    written = [within_guard(lambda w=write, n=n: w(stack, n)) for n, write in enumerate(WRITES)]
    assert all(obj.pk for obj in written)  # committed although the task could not be sent
    assert OutboxEntry.objects.filter(processed_at__isnull=True).count() >= len(WRITES)

    redis.start()  # same port, empty: nothing was queued while it was away
    # The worker reconnects by itself; then the beat's sweep (sent here as beat sends it) drains the outbox.
    assert wait_for(lambda: bool(sweep_outbox.delay()) and wait_for(all_processed, timeout=5), timeout=60), (
        worker.output()
    )
    assert index_equals_database() == {}
    rows = OutboxEntry.objects.all()
    assert all(row.attempts == 0 for row in rows)  # indexed in one go, nothing failed or repeated


# --- a worker killed in the middle of a task --------------------------------------------------------


@dataclass
class TaskCase:
    """A task to kill a worker in: ``arrange`` commits work whose task is sent after commit,
    ``stall`` holds the task in the middle (default: a gate at the task's start, in the worker),
    ``check`` asserts that the effect happened exactly once after a second worker took over."""

    task: str
    arrange: Callable[[dict], None]
    check: Callable[[dict], bool]
    stall: Callable[[dict], contextlib.AbstractContextManager] | None = None

    def __str__(self) -> str:
        return self.task


@contextlib.contextmanager
def search_server_paused(ctx) -> Iterator[Callable[[], bool]]:
    """The drain blocks inside its bulk request, holding its outbox rows locked."""
    ctx["osmem"].pause()
    try:
        yield rows_locked_by_another_process
    finally:
        ctx["osmem"].resume()


def rows_locked_by_another_process() -> bool:
    with transaction.atomic():
        pending = OutboxEntry.objects.filter(processed_at__isnull=True)
        return pending.exists() and not pending.select_for_update(skip_locked=True).exists()


def post_written(ctx) -> None:
    from exchange.forum.services import post_create

    ctx["post"] = post_create(author=ctx["member"], thread=ctx["thread"], body="Antwort vor dem Absturz")
    ctx["practice"] = practice_publish(
        ctx["index"], title="Notfallknopf im Bürgerbüro", organisation=ctx["org"]
    )


def indexed_once(ctx) -> bool:
    return all_processed() and index_equals_database() == {}


def membership_requested(ctx) -> None:
    from exchange.membership.services import membership_request
    from tests.factories import UserFactory

    ctx["applicant"] = UserFactory(email="antrag@example.org")
    membership_request(user=ctx["applicant"], organisation=ctx["org"])


def mailed_once(ctx) -> bool:
    sent = sum(
        len(re.findall(r"^To: partner@example\.org$", w.output(), flags=re.MULTILINE)) for w in ctx["workers"]
    )
    assert sent <= 1, "the notification was sent twice"
    return sent == 1


def reply_for_a_follower(ctx) -> None:
    from exchange.forum.services import post_create
    from exchange.models import Follow, Membership, NotificationSettings
    from exchange.notifications import services as notification_services
    from tests.factories import UserFactory

    follower = UserFactory(email="folgt@example.org", first_name="Fritz", last_name="Folger")
    Membership.objects.create(user=follower, organisation=ctx["org"], status=Membership.Status.ACTIVE)
    notification_services.notification_settings_set(user=follower, email=NotificationSettings.Email.IMMEDIATE)
    notification_services.follow_set(user=follower, thread=ctx["thread"], level=Follow.Level.ALL)
    ctx["follower"] = follower
    post_create(author=ctx["member"], thread=ctx["thread"], body="Antwort für alle, die dem Thema folgen")


def notified_once(ctx) -> bool:
    """One in-app notification and one immediate e-mail for the follower, never two."""
    from exchange.models import Notification

    rows = Notification.objects.filter(recipient=ctx["follower"]).count()
    sent = sum(
        len(re.findall(r"^To: folgt@example\.org$", w.output(), flags=re.MULTILINE)) for w in ctx["workers"]
    )
    assert rows <= 1 and sent <= 1, "the follower was notified twice"
    return rows == 1 and sent == 1


# One line per task.
TASK_CASES = [
    TaskCase("search.tasks.drain_outbox", post_written, indexed_once, stall=search_server_paused),
    TaskCase("exchange.tasks.notify_membership_requested", membership_requested, mailed_once),
    TaskCase("exchange.tasks.post_notify", reply_for_a_follower, notified_once),
]


@pytest.mark.parametrize("case", TASK_CASES, ids=str)
def test_worker_killed_mid_task_the_message_is_redelivered_and_done_once(stack, case):
    redis = stack["redis"].client()
    first = stack["worker"](stall_task="" if case.stall else case.task)
    stall = case.stall(stack) if case.stall else contextlib.nullcontext(lambda: first.entered(case.task))
    with stall as in_the_middle:
        case.arrange(stack)
        assert wait_for(lambda: first.entered(case.task) and in_the_middle(), timeout=30), first.output()
        first.kill()
    # acks_late: the message was not acknowledged before the task finished, so Redis still holds it
    assert redis.hlen("unacked") == 1
    assert not case.check(stack)
    (stack["tmp"] / f"{case.task}.entered").unlink()

    second = stack["worker"]()
    assert wait_for(lambda: second.entered(case.task), timeout=30), second.output()  # redelivered
    assert wait_for(lambda: case.check(stack), timeout=30), second.output()
    assert wait_for(lambda: redis.hlen("unacked") == 0, timeout=10)
    assert case.check(stack)
