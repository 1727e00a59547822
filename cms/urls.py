from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from exchange import views as exchange_views
from search import views as search_views

from .api import api

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("konto/", include("allauth.urls")),
    path("api/", api.urls),
    path("mitgliederbereich/", exchange_views.members_home, name="members-home"),
    path("forum/", exchange_views.forum_index, name="forum-index"),
    path("forum/kategorie/<slug:slug>/", exchange_views.forum_category, name="forum-category"),
    path("forum/thema/<int:pk>/", exchange_views.forum_thread, name="forum-thread"),
    path("suche/", search_views.search_page, name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
