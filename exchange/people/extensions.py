"""What other parts of the site add to a person's data export and account deletion.

exchange does not import the parts built on it (events in cms, for example); they register here from
their ``AppConfig.ready``: a named section of the data export (DSGVO Art. 15/20) and a receiver of
:data:`user_deleting`, sent inside the deletion's transaction before the account goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.dispatch import Signal

if TYPE_CHECKING:  # only named in annotations: apps may import this registry while Django loads them
    from ..models import User

EXPORT_SECTIONS: dict[str, Callable[[User], Any]] = {}

# sender=User, user=<the account about to be deleted>; receivers release what the person holds
user_deleting = Signal()


def export_section_register(name: str, collect: Callable[[User], Any]) -> None:
    """Add ``name: collect(user)`` to every data export (registering the same name again replaces it)."""
    EXPORT_SECTIONS[name] = collect


def export_sections(user: User) -> dict[str, Any]:
    return {name: collect(user) for name, collect in sorted(EXPORT_SECTIONS.items())}
