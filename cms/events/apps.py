from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from exchange.people.extensions import export_section_register, user_deleting


class EventsConfig(AppConfig):
    name = "cms.events"
    label = "events"
    verbose_name = _("Veranstaltungen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers, selectors  # receivers import the models: only once the apps are loaded

        # A person's registrations are part of their data export and go (freeing their places) with
        # their account; exchange does not import cms, so cms registers itself.
        export_section_register("veranstaltungen", selectors.registration_export)
        user_deleting.connect(receivers.registrations_release, dispatch_uid="events_registrations_release")
        page_published.connect(receivers.waiting_list_on_publish, dispatch_uid="events_waiting_list_publish")
