from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import viewer_for


def member_area(request: HttpRequest) -> dict:
    """``is_member``: whether the person is in the members area, for navigation (the brand link, the
    error pages' way back). A fact, not a rule engine: pages hand their templates flags from the
    permissions modules. Evaluated only when a template asks."""
    return {"is_member": SimpleLazyObject(lambda: viewer_for(getattr(request, "user", None)).is_member)}
