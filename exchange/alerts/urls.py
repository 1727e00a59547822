from django.urls import path

from . import views

urlpatterns = [
    path("profil/suchen/", views.saved_searches, name="saved-searches"),
    path("profil/suchen/speichern/", views.saved_search_create, name="saved-search-create"),
    path("profil/suchen/<int:pk>/", views.saved_search_update, name="saved-search-update"),
    path("profil/suchen/<int:pk>/loeschen/", views.saved_search_delete, name="saved-search-delete"),
    path("suchen/abmelden/<str:token>/", views.saved_search_unsubscribe, name="saved-search-unsubscribe"),
]
