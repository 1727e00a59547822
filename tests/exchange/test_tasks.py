"""The Celery tasks of exchange live in its sub-domain packages but keep their former names: the beat
schedule (cms/settings.py) and messages already queued refer to them. A worker finds them through
CELERY_IMPORTS; autodiscovery alone would look only for ``exchange.tasks``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from exchange.membership import tasks as membership_tasks
from exchange.notifications import tasks as notification_tasks

ROOT = Path(__file__).resolve().parents[2]
NAMES = {
    "exchange.tasks.notify_membership_requested",
    "exchange.tasks.notify_membership_decided",
    "exchange.tasks.send_invitation",
    "exchange.tasks.post_notify",
    "exchange.tasks.notification_email_send",
    "exchange.tasks.notification_digest_send",
    "exchange.tasks.notifications_sweep",
    "exchange.tasks.notification_digests_send",
}


def test_every_task_keeps_its_name():
    tasks = [
        membership_tasks.notify_membership_requested,
        membership_tasks.notify_membership_decided,
        membership_tasks.send_invitation,
        notification_tasks.post_notify,
        notification_tasks.notification_email_send,
        notification_tasks.notification_digest_send,
        notification_tasks.notifications_sweep,
        notification_tasks.notification_digests_send,
    ]
    assert {t.name for t in tasks} == NAMES


def test_a_fresh_worker_process_knows_every_task_and_every_beat_entry():
    """What a worker does at start-up (import the default modules, autodiscover), in a new process that
    has imported nothing of the project: every exchange task and every task of the beat schedule is
    registered."""
    startup = (
        "import django; django.setup(); from cms.celery import app; app.loader.import_default_modules(); "
        "print('\\n'.join(f'{name} {task.__module__}' for name, task in sorted(app.tasks.items())))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings"}
    done = subprocess.run(
        [sys.executable, "-c", startup], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    modules = dict(line.split() for line in done.stdout.splitlines())
    assert set(modules) >= NAMES
    assert set(modules) >= {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    # registered because the worker is told to import them, not by the side effect of another import
    assert {modules[name] for name in NAMES} <= set(settings.CELERY_IMPORTS)
    # and every module the worker is told to import exists and holds tasks
    assert set(settings.CELERY_IMPORTS) <= set(modules.values())
