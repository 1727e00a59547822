"""Language selection: German unless the person chose English with the footer switcher.

Django's LocaleMiddleware would also follow the browser's Accept-Language header. The network's
members work on office PCs whose browsers are often set to English while the content, the
colleagues and the e-mails are German, so the site stays German until someone picks another
language explicitly (``set_language`` stores the choice in the language cookie).
"""

from __future__ import annotations

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
