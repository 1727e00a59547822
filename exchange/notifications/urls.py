from django.urls import path

from . import views

urlpatterns = [
    path("benachrichtigungen/", views.notification_list, name="notifications"),
    path("benachrichtigungen/alle-gelesen/", views.notification_read_all, name="notifications-read-all"),
    path("benachrichtigungen/<int:pk>/", views.notification_open, name="notification-open"),
    path("benachrichtigungen/<int:pk>/gelesen/", views.notification_read, name="notification-read"),
    path("forum/thema/<int:pk>/folgen/", views.follow_thread, name="follow-thread"),
    path("forum/kategorie/<slug:slug>/folgen/", views.follow_category, name="follow-category"),
    path("profil/benachrichtigungen/", views.notification_settings, name="notification-settings"),
]
