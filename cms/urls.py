import os

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls  # type: ignore[attr-defined]  # mypy: see pyproject.toml
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .api import api
from .errors import healthz
from .ops.metrics import metrics

PAGE_TYPE_USE = "cms/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/"


def page_type_use(view_name: str):
    """Wagtail's own "pages using this type" view (as wagtail.admin.urls.pages routes it)."""
    return page_viewset_registry.as_view(
        view_name, app_label_kwarg="content_type_app_name", model_name_kwarg="content_type_model_name"
    )


urlpatterns = [
    # Liveness only: answers without database, cache, session or template (load-test baseline too);
    # /api/health checks the services.
    path("healthz", healthz, name="healthz"),
    # Prometheus, only with the METRICS_TOKEN (cms/ops/metrics.py)
    path("metrics", metrics, name="metrics"),
    # Wagtail's page-types report names the last edited page of every type, whoever may read it
    # (a working group's event, a members-only practice): editors only, before Wagtail's own route.
    path("cms/reports/page-types-usage/", views.editors_only(PageTypesUsageReportView.as_view())),
    path(
        "cms/reports/page-types-usage/results/",
        views.editors_only(PageTypesUsageReportView.as_view(results_only=True)),
    ),
    # Its list of all pages of one type is the editors' too (partner contacts explore their own).
    path(PAGE_TYPE_USE, views.editors_only(page_type_use("content_type_use"))),
    path(f"{PAGE_TYPE_USE}results/", views.editors_only(page_type_use("content_type_use_results"))),
    path("cms/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("konto/", include("allauth.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The members' start page composes practices (cms), forum threads and notifications (exchange).
    path("mitgliederbereich/", views.members_home, name="members-home"),
    path("", include("exchange.urls")),
    path("", include("search.urls")),
    path("", include("cms.practice_urls")),
    path("", include("cms.events.urls")),
    path("", include("cms.network.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Images only: documents (attachments of restricted practices) are served by Wagtail's permission-
    # checked view, never from a media URL, not even in development.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=os.path.join(settings.MEDIA_ROOT, "images")
    )

# Error pages in the site's design (cms/errors.py); 500 renders without the database.
handler403 = "cms.errors.permission_denied"
handler404 = "cms.errors.page_not_found"
handler500 = "cms.errors.server_error"  # a lost database connection answers 503 (cms.errors)

# Wagtail serves every other path from the page tree; it must stay last.
urlpatterns.append(path("", include(wagtail_urls)))
