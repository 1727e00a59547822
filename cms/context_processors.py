"""Site-wide template context: the main navigation (labels, URLs, which entry is the current one).

No database query happens here unless a template reads ``nav_items``; the membership check reuses
the per-request :class:`exchange.access.Viewer`. Error pages that render without a request
(500) get no ``nav_items`` and fall back to a single link to the start page (templates/base.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from exchange.access import viewer_for
from exchange.messages.selectors import unread_count as message_unread_count
from exchange.notifications.selectors import notification_unread_count

PRACTICES_URL = "/praxisbeispiele/"
EVENTS_URL = "/veranstaltungen/"
NEWS_URL = "/aktuelles/"  # the news index page (cms/network), slug "aktuelles" below the start page
GUIDE_URL = "/praeventionsleitfaden/"  # cms.setup.site_tree_ensure creates the guide's index there


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    unread: int = 0  # a count shown as "(n neu)" next to the label


def _items(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    viewer = viewer_for(user)
    path = request.path_info
    entries: list[tuple[str, str, bool]]
    unread: dict[str, int] = {}
    if viewer.is_member:
        home = reverse("members-home")
        entries = [
            (_("Start"), home, path == home),
            (_("Praxisbeispiele"), PRACTICES_URL, path.startswith(("/praxisbeispiele/", "/praxis/"))),
            (_("Leitfaden"), GUIDE_URL, path.startswith(GUIDE_URL)),
            (_("Forum"), reverse("forum-index"), path.startswith("/forum/")),
            (_("Veranstaltungen"), EVENTS_URL, path.startswith(EVENTS_URL)),
            (_("Suche"), reverse("search"), path.startswith(reverse("search"))),
            (_("Mitglieder"), reverse("directory"), path.startswith("/mitglieder/")),
        ]
        conversations = reverse("messages")
        entries.append((_("Nachrichten"), conversations, path.startswith(conversations)))
        unread[conversations] = message_unread_count(viewer)
        notifications = reverse("notifications")
        entries.append((_("Benachrichtigungen"), notifications, path.startswith(notifications)))
        unread[notifications] = notification_unread_count(viewer)
        if viewer.is_editor or viewer.partner_organisation_ids:
            entries.append(
                (_("Mitgliedschaften"), reverse("membership-list"), path.startswith("/mitgliedschaften/"))
            )
    else:
        entries = [
            (_("Start"), "/", path == "/"),
            (_("Praxisbeispiele"), PRACTICES_URL, path.startswith("/praxisbeispiele/")),
            (_("Veranstaltungen"), EVENTS_URL, path.startswith(EVENTS_URL)),
            (_("Aktuelles"), NEWS_URL, path.startswith(NEWS_URL)),
            (_("Partner"), reverse("network-partners"), path.startswith(reverse("network-partners"))),
            (_("Mitmachen"), reverse("network-join"), path.startswith(reverse("network-join"))),
            (_("Leitfaden"), GUIDE_URL, path.startswith(GUIDE_URL)),
        ]
    if user is not None and user.is_authenticated:
        entries.append((_("Profil"), reverse("profile"), path.startswith("/profil/")))
    return [NavItem(label, url, current, unread.get(url, 0)) for label, url, current in entries]


def navigation(request: HttpRequest) -> dict:
    login = reverse("account_login")
    return {
        "nav_items": SimpleLazyObject(lambda: _items(request)),
        "nav_section": "login" if request.path_info.startswith(login) else "",
    }
