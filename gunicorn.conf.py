"""gunicorn reads this file from its working directory (/app in the image, the checkout for
`make bench-load`); command-line options still win.

- No access log: cms.ops.middleware writes one JSON line per request with the request id, the
  route pattern and the status, never the client address or the URL's values (search words,
  tokens in paths). gunicorn's own messages are JSON too.
- Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR set, docker-compose: a tmpfs): the
  directory is emptied when gunicorn starts and a worker's files are marked dead when it exits,
  so /metrics adds up the live workers.
"""

import os
from pathlib import Path

accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cms.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    },
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


def _multiprocess_dir() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    return Path(value) if value else None


def on_starting(server):
    directory = _multiprocess_dir()
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    if _multiprocess_dir() is not None:
        from prometheus_client import multiprocess  # only where multiprocess mode is on

        multiprocess.mark_process_dead(worker.pid)
