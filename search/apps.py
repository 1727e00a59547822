from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Suche")

    def ready(self) -> None:
        from . import promotions, synonyms  # noqa: F401 - connect the cache invalidation signals
        from .attachments import _connect

        _connect()  # text of practice attachments is extracted after publishing
