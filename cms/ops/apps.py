from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "cms.ops"
    label = "ops"
    verbose_name = _("Betrieb")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from celery.signals import task_failure

        from .models import task_failure_record

        # Every process that runs tasks (worker, or the web process with eager tasks) records failures
        # in the database, where the health endpoint and the metrics of every process see them.
        task_failure.connect(task_failure_record, dispatch_uid="ops_task_failure_record")
