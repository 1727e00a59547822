"""Project-wide middleware: the language, and the content security policy.

Language selection: German unless the person chose English with the footer switcher. Django's
LocaleMiddleware would also follow the browser's Accept-Language header. The network's
members work on office PCs whose browsers are often set to English while the content, the
colleagues and the e-mails are German, so the site stays German until someone picks another
language explicitly (``set_language`` stores the choice in the language cookie).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_from_cookie(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without Accept-Language negotiation: cookie, else ``LANGUAGE_CODE``."""

    def process_request(self, request: HttpRequest) -> None:
        language = language_from_cookie(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


RELAXED_CSP_PREFIXES = ("/cms/", "/api/docs")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict site policy, with 'unsafe-inline' scripts and styles only where Wagtail needs them."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(RELAXED_CSP_PREFIXES) and parts.update is None:
            parts.update = {
                "script-src": ["'unsafe-inline'"],
                "style-src": ["'unsafe-inline'"],
                "img-src": ["blob:"],
            }
        return parts
