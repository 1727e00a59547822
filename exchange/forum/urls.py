from django.urls import path

from .views import moderation, reading, writing

urlpatterns = [
    path("forum/", reading.forum_index, name="forum-index"),
    path("forum/kategorie/<slug:slug>/", reading.forum_category, name="forum-category"),
    path("forum/kategorie/<slug:slug>/neu/", writing.thread_create, name="forum-thread-create"),
    path("forum/thema/<int:pk>/", reading.forum_thread, name="forum-thread"),
    path("forum/thema/<int:pk>/ungelesen/", reading.thread_unread, name="forum-thread-unread"),
    path("forum/thema/<int:pk>/antworten/", writing.post_reply, name="forum-post-reply"),
    path("forum/thema/<int:pk>/moderation/", moderation.thread_moderate, name="forum-thread-moderate"),
    path("forum/beitrag/<int:pk>/", reading.post_goto, name="forum-post"),
    path("forum/beitrag/<int:pk>/bearbeiten/", writing.post_edit, name="forum-post-edit"),
    path("forum/beitrag/<int:pk>/loeschen/", writing.post_delete, name="forum-post-delete"),
    path("forum/beitrag/<int:pk>/hilfreich/", writing.post_react, name="forum-post-react"),
    path("forum/beitrag/<int:pk>/loesung/", writing.post_solution, name="forum-post-solution"),
    path("forum/beitrag/<int:pk>/melden/", writing.post_flag, name="forum-post-flag"),
    path("forum/beitrag/<int:pk>/verlauf/", moderation.post_history, name="forum-post-history"),
    path("forum/beitrag/<int:pk>/moderation/", moderation.post_moderate, name="forum-post-moderate"),
    path("forum/anhang/<int:pk>/", reading.attachment_download, name="forum-attachment"),
    path(
        "forum/praxis/<int:page_id>/diskussion/",
        writing.practice_discussion,
        name="forum-practice-discussion",
    ),
    path("forum/moderation/", moderation.moderation_queue, name="forum-moderation"),
]
