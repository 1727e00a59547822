"""Public URLs of the network (included in cms/urls.py before Wagtail's page tree)."""

from django.urls import path

from . import views

urlpatterns = [
    path("mitmachen/", views.join, name="network-join"),
    path("mitmachen/danke/", views.join_thanks, name="network-join-thanks"),
    path("netzwerk/partner/", views.partners, name="network-partners"),
]

# Registered under /cms/ by wagtail_hooks.register_admin_urls (Wagtail's admin login applies).
admin_urlpatterns = [
    path("beitrittsanfragen/", views.join_request_list, name="network-join-requests"),
    path("beitrittsanfragen/<int:pk>/", views.join_request_detail, name="network-join-request"),
    path(
        "beitrittsanfragen/<int:pk>/urkunde.pdf",
        views.join_request_certificate,
        name="network-join-request-certificate",
    ),
]
