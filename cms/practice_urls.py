"""Members-area routes around best practices that are not Wagtail page URLs."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "praxis/<int:page_id>/anhang/<int:attachment_id>/",
        views.practice_attachment,
        name="practice-attachment",
    ),
    path("praxis/<int:page_id>/einsatz/", views.practice_adopt, name="practice-adopt"),
    path("praxis/neu/", views.practice_draft_create, name="practice-draft-create"),
    path("themenschwerpunkte/<slug:slug>/", views.topic_collection, name="topic-collection"),
]
