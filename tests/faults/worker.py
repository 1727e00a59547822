"""A Celery worker for the fault tests, started as its own process by ``harness.WorkerProcess``.

It is the project's worker (cms.celery.app, solo pool) with two test knobs from the environment:
a short Redis visibility timeout, so that a message of a killed worker is handed out again within
seconds instead of an hour, and an optional gate that makes one task block at its start on its first
delivery (``FAULT_STALL_TASK``), so that the test can kill the worker while the task runs.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from celery.signals import task_prerun  # noqa: E402

from cms.celery import app  # noqa: E402

STALL = os.environ.get("FAULT_STALL_TASK", "")
GATE = Path(os.environ["FAULT_GATE_DIR"])  # the test's own tmp_path

# kombu (5.7) looks for messages past their visibility timeout once at start-up and then only on
# every 10th 10-second tick, about every 100 s. A worker started within the timeout of the killed
# worker's delivery would find nothing at start-up and then wait 100 s, so the test worker looks
# every second (the production worker keeps kombu's defaults; its timeout is 15 minutes anyway).
app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": float(os.environ.get("FAULT_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}


@task_prerun.connect
def announce(sender=None, task=None, **kwargs):
    name = task.name if task else ""
    (GATE / f"{name}.entered").touch()
    if name == STALL:
        while True:  # until SIGKILL
            time.sleep(1)


if __name__ == "__main__":
    app.worker_main(["worker", "--pool=solo", "--loglevel=WARNING", "--without-mingle", "--without-gossip"])
