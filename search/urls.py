from django.urls import path

from . import analytics_views, views

urlpatterns = [
    path("suche/", views.search_page, name="search"),
    path("suche/weiter/", analytics_views.search_click, name="search-click"),
]
