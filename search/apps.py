from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Suche")

    def ready(self) -> None:
        # Django's app loading: receivers connect on import, and they need the models, so they are
        # imported here. Cache invalidation (promotions, synonyms) and the tasks' receivers: the drain
        # that follows a committed outbox row, the extraction of attachment text after publishing.
        from . import promotions, synonyms, tasks  # noqa: F401 - app loading: receivers connect on import
