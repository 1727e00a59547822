from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cms.network"
    label = "network"
    verbose_name = _("Netzwerk (öffentlich)")
    default_auto_field = "django.db.models.BigAutoField"
