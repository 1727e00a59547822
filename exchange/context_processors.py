from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .permissions import viewer_for


def membership(request: HttpRequest) -> dict:
    """``viewer`` for navigation decisions in templates (evaluated only when a template asks)."""
    return {"viewer": SimpleLazyObject(lambda: viewer_for(getattr(request, "user", None)))}
