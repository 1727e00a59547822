from django.urls import path

from . import views

urlpatterns = [
    path("nachrichten/", views.conversation_list, name="messages"),
    path("nachrichten/<int:pk>/", views.conversation_detail, name="message-conversation"),
    path("nachrichten/neu/<int:user_id>/", views.conversation_start, name="message-start"),
    path("nachrichten/nachricht/<int:pk>/melden/", views.message_report, name="message-report"),
    path("nachrichten/anhang/<int:pk>/", views.attachment_download, name="message-attachment"),
    path("nachrichten/blockieren/<int:user_id>/", views.person_block, name="message-block"),
    path("nachrichten/einstellungen/", views.contact_settings, name="message-settings"),
    path("nachrichten/meldungen/", views.report_queue, name="message-reports"),
    path("nachrichten/meldungen/<int:pk>/", views.report_resolve, name="message-report-resolve"),
]
