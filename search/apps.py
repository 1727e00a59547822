from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Suche")

    def ready(self) -> None:
        # Receivers connect on import: cache invalidation (promotions, synonyms) and the drain that follows
        # a committed outbox row (tasks). The web process imports no task module otherwise.
        from . import promotions, synonyms, tasks  # noqa: F401
        from .attachments import _connect

        _connect()  # text of practice attachments is extracted after publishing
