from pathlib import Path

from celery.signals import task_failure
from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "cms.ops"
    label = "ops"
    verbose_name = _("Betrieb")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .models import task_failure_record  # models import only once the apps are loaded

        # Every process that runs tasks (worker, or the web process with eager tasks) records failures
        # in the database, where the health endpoint and the metrics of every process see them.
        task_failure.connect(task_failure_record, dispatch_uid="ops_task_failure_record")
        # prometheus_client's multiprocess mode writes its files there from the first metric on
        # (django-prometheus' middleware, loaded after the apps); gunicorn.conf.py empties it at start.
        if settings.PROMETHEUS_MULTIPROC_DIR:
            Path(settings.PROMETHEUS_MULTIPROC_DIR).mkdir(parents=True, exist_ok=True)
