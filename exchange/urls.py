"""The members-area pages of exchange, one URL module per sub-domain (every path and name as before)."""

from django.urls import include, path

urlpatterns = [
    path("", include("exchange.forum.urls")),
    path("", include("exchange.membership.urls")),
    path("", include("exchange.people.urls")),
    path("", include("exchange.notifications.urls")),
    path("", include("exchange.alerts.urls")),
    path("", include("exchange.messages.urls")),
]
