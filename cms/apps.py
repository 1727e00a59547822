from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Inhalte")

    def ready(self) -> None:
        from . import signals  # connects publish signals to the search outbox, partner access sync

        signals.connect_workflow_mail()
