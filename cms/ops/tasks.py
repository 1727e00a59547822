"""The nightly backup, sent by Celery beat (``BACKUP_SCHEDULE``) to the queue ``backup``, which only
the ``backup`` service of docker-compose consumes (it has the file volumes and the PostgreSQL
client). A failure is a task failure: /api/health and /metrics report it."""

from celery import shared_task

from .backup import backup_create, backups_prune


@shared_task(acks_late=False, ignore_result=True)
def backup_nightly() -> str:
    """Not acks_late: a backup cut short by a restart is not repeated twice in a row; the next night
    makes a new one. Running it twice only leaves two archives (the retention keeps one a day)."""
    result = backup_create()
    backups_prune()
    return result.path.name
