from django.urls import path

from . import views

urlpatterns = [
    path("mitgliederbereich/", views.members_home, name="members-home"),
    path("forum/", views.forum_index, name="forum-index"),
    path("forum/kategorie/<slug:slug>/", views.forum_category, name="forum-category"),
    path("forum/thema/<int:pk>/", views.forum_thread, name="forum-thread"),
]
