from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Austausch")

    def ready(self) -> None:
        # Importing a signals module connects its receivers. They import models, which Django's app
        # loading allows only once the registry is ready, that is here: hence imports in a method.
        from .forum import signals as forum_signals  # noqa: F401 - app loading: connect receivers
        from .membership import signals as membership_signals  # noqa: F401 - app loading: connect receivers
        from .people import signals as people_signals  # noqa: F401 - app loading: connect receivers
