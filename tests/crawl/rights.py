"""What each demo role may reach, derived from the URL and the database, never from module paths.

The documented rights (README: "Demo accounts", "Who sees what", "Membership, login and account
security", "Partner contacts in the admin") as one expected answer per URL and role:

- members area (members' start page, forum, search, directory, notifications, topic collections,
  the practice draft form, organisation pages): anonymous visitors are sent to the login, pending
  people get the 403 "not a member" page;
- forum: every URL of a working-group category, of its threads and of their posts answers 404 to
  members outside the group (editors see everything); its category and thread pages answer 200 to
  those inside; moderation is the editors' (403 for other members);
- pages of the site follow their audience, practices and guide chapters alike (anonymous: login;
  logged in but not allowed: 404);
- the Wagtail admin under /cms/ sends everyone without admin access to the login; partner contacts
  get 404 for every per-page admin URL of a practice their organisation does not lead, the edit
  form of their own, and no project area beyond pages, documents, images, Wagtail's own reports and
  their account;
- the security log is the editors' (404 for others), an organisation page and the decision form of
  a membership are its partner contacts' and the editors' (404 for others but the person), a
  notification is its recipient's (404), the practice draft form editors' and partner contacts' (403);
- direct messages: a conversation and its messages answer 404 to everyone but its participants
  (editors too), the queue of reported messages is the editors' (404 for others), and no page shows
  a message's text to anyone but the participants.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from wagtail.models import Page

from cms.events.models import EventPage
from cms.models import GuideChapterPage, PracticePage
from cms.network.models import JoinRequest
from exchange.models import (
    Category,
    ConversationParticipant,
    Membership,
    Message,
    Notification,
    Post,
    Thread,
    User,
)

ADMIN = "/cms/"
EDITORS_GROUP = "Redaktion"  # README: "Site-wide groups: Redaktion (editors ...)"
# What Wagtail shows a partner contact (group "Ansprechpersonen": admin access, pages below the
# practices index, the own collection of documents and images); everything else under /cms/ is the
# editors' (snippets of Kuratierung and Netzwerk, the project's reports, the search snippets).
PARTNER_ADMIN_AREAS = ("/cms/pages/", "/cms/documents/", "/cms/images/", "/cms/reports/", "/cms/account/")
MEMBERS_ONLY = {
    "members-home",
    "search",
    "search-click",
    "directory",
    "profile-detail",
    "profile-handle",
    "notifications",
    "notification-open",
    "notification-settings",
    "topic-collection",
    "practice-draft-create",
    "organisation-members",
    "membership-reject",
    "follow-thread",
    "follow-category",
    "event-calendar",
    "saved-searches",  # exchange.alerts: the member's own saved searches (others' answer 404)
    "saved-search-create",
    "saved-search-update",
    "saved-search-delete",
    "messages",
    "message-conversation",
    "message-start",
    "message-report",
    "message-attachment",
    "message-block",
    "message-settings",
    "message-reports",
    "message-report-resolve",
}
# Events (cms/events): their calendar file and materials follow the event's audience (like the page)
EVENT_URLS = {"event-ics", "event-material"}
LOGIN_ONLY = {
    "profile",
    "membership-list",
    "membership-request",
    "data-export",
    "account-delete",
    "audit-log",
}
# URL names whose ``pk`` is a thread, or a post
THREAD_URLS = {
    "forum-thread",
    "forum-thread-unread",
    "forum-post-reply",
    "forum-thread-moderate",
    "follow-thread",
}
POST_URLS = {
    "forum-post",
    "forum-post-edit",
    "forum-post-delete",
    "forum-post-react",
    "forum-post-solution",
    "forum-post-flag",
    "forum-post-history",
    "forum-post-moderate",
}
MODERATION = {"forum-moderation", "forum-thread-moderate"}
# The network's public face (cms/network): open to everyone, logged in or not
PUBLIC = {"network-join", "network-join-thanks", "network-partners"}
# The editors' decision on join requests in the Wagtail admin (partner contacts: DENIED like every
# project area beyond their pages)
JOIN_REQUESTS_ADMIN = "/cms/beitrittsanfragen/"


@dataclass(frozen=True)
class Role:
    name: str
    email: str | None
    admin: bool = False  # starts at the Wagtail admin too
    user_id: int | None = None
    is_editor: bool = False
    is_member: bool = False
    group_ids: frozenset[int] = frozenset()
    partner_of: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Rule:
    """An expected answer: a name for the report and a check of (status, redirect location)."""

    name: str
    check: Callable[[int, str], bool]


def _to_login(status: int, location: str) -> bool:
    logins = {reverse("account_login"), reverse("wagtailadmin_login")}
    return status == 302 and urlsplit(location).path in logins


LOGIN = Rule("redirect to the login", _to_login)
NOT_A_MEMBER = Rule("403 (not a member)", lambda status, _: status == 403)
FORBIDDEN = Rule("403", lambda status, _: status == 403)
HIDDEN = Rule("404", lambda status, _: status == 404)
SHOWN = Rule("200", lambda status, _: status == 200)
DENIED = Rule("no 200 (Wagtail: redirect to the dashboard)", lambda status, _: status != 200 and status < 500)


def role_for(name: str, email: str | None, admin: bool = False) -> Role:
    """A role with its rights read from the database (memberships, working groups, editors)."""
    if email is None:
        return Role(name, None)
    user = User.objects.get(email=email)
    active = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    is_editor = user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()
    partner_of = active.filter(role=Membership.Role.PARTNER_CONTACT).values_list("organisation_id", flat=True)
    return Role(
        name,
        email,
        admin,
        user_id=user.pk,
        is_editor=is_editor,
        is_member=is_editor or active.exists(),
        group_ids=frozenset(user.working_groups.values_list("pk", flat=True)),
        partner_of=frozenset(partner_of),
    )


def _sees(role: Role, audience: str, group_ids: frozenset[int]) -> bool:
    if audience == "public" or role.is_editor:
        return True
    if not role.is_member:
        return False
    return audience == "members" or bool(role.group_ids & group_ids)


@dataclass
class Rights:
    """Audiences and owners of the demo content, read once from the database."""

    categories: dict[int, frozenset[int]] = field(default_factory=dict)  # category -> its groups
    category_slugs: dict[str, int] = field(default_factory=dict)
    threads: dict[int, int] = field(default_factory=dict)  # thread -> category
    posts: dict[int, int] = field(default_factory=dict)  # post -> thread
    pages: dict[str, tuple[str, frozenset[int]]] = field(default_factory=dict)  # url -> audience
    practices: dict[int, tuple[int, str]] = field(default_factory=dict)  # id -> lead organisation, url
    chapters: dict[int, str] = field(default_factory=dict)  # guide chapter id -> url
    memberships: dict[int, tuple[int, int]] = field(default_factory=dict)  # -> (user, organisation)
    recipients: dict[int, int] = field(default_factory=dict)  # notification -> user
    events: dict[int, str] = field(default_factory=dict)  # event id -> url
    conversations: dict[int, frozenset[int]] = field(default_factory=dict)  # -> participant ids
    messages: dict[int, int] = field(default_factory=dict)  # message -> conversation

    @classmethod
    def load(cls) -> Rights:
        rights = cls()
        for category in Category.objects.prefetch_related("working_groups"):
            rights.categories[category.pk] = frozenset(g.pk for g in category.working_groups.all())
            rights.category_slugs[category.slug] = category.pk
        rights.threads = dict(Thread.objects.values_list("pk", "category_id"))
        rights.posts = dict(Post.objects.values_list("pk", "thread_id"))
        for page in Page.objects.live().specific():
            if isinstance(page, PracticePage):
                groups = frozenset(page.working_groups.values_list("pk", flat=True))
                rights.pages[page.url] = (page.audience, groups)
                rights.practices[page.pk] = (page.organisation_id, page.url)
            elif isinstance(page, EventPage):
                rights.pages[page.url] = (
                    page.audience,
                    frozenset(page.working_groups.values_list("pk", flat=True)),
                )
                rights.events[page.pk] = page.url
            elif isinstance(page, GuideChapterPage):  # the practices' audience rule
                groups = frozenset(page.working_groups.values_list("pk", flat=True))
                rights.pages[page.url] = (page.audience, groups)
                rights.chapters[page.pk] = page.url
            elif page.url:
                rights.pages[page.url] = ("public", frozenset())
        for pk, user_id, org_id in Membership.objects.values_list("pk", "user_id", "organisation_id"):
            rights.memberships[pk] = (user_id, org_id)
        rights.recipients = dict(Notification.objects.values_list("pk", "recipient_id"))
        participants: dict[int, set[int]] = {}
        for conversation_id, user_id in ConversationParticipant.objects.values_list(
            "conversation_id", "user_id"
        ):
            participants.setdefault(conversation_id, set()).add(user_id)
        rights.conversations = {pk: frozenset(ids) for pk, ids in participants.items()}
        rights.messages = dict(Message.objects.values_list("pk", "conversation_id"))
        return rights

    def object_urls(self) -> list[str]:
        """Every forum category and thread, every live page, and every practice's admin edit form and
        explorer: the objects the rights are about are checked for every role even where the crawl
        bounds cut them off."""
        urls = [reverse("forum-category", kwargs={"slug": slug}) for slug in self.category_slugs]
        urls += [reverse("forum-thread", kwargs={"pk": pk}) for pk in self.threads]
        urls += list(self.pages)
        urls += [reverse("message-conversation", kwargs={"pk": pk}) for pk in self.conversations]
        for pk in self.practices:
            urls += [
                reverse("wagtailadmin_pages:edit", args=[pk]),
                reverse("wagtailadmin_explore", args=[pk]),
            ]
        return urls

    def watched(self) -> dict[str, str]:
        """Texts that only some roles may read, mapped to what they belong to: every thread title,
        the names of working-group categories, the titles of practices and guide chapters that are
        not public."""
        texts = {thread.title: f"thread:{thread.pk}" for thread in Thread.objects.all()}
        for category in Category.objects.filter(working_groups__isnull=False).distinct():
            texts[category.name] = f"category:{category.pk}"
        for page in PracticePage.objects.live().exclude(audience="public"):
            texts[page.title] = f"page:{page.pk}"
        for event in EventPage.objects.live().exclude(audience="public"):
            texts[event.title] = f"event:{event.pk}"
        # A waiting join request is the editors' business until they decide.
        for join_request in JoinRequest.objects.filter(status=JoinRequest.Status.PENDING):
            texts[join_request.organisation_name] = f"joinrequest:{join_request.pk}"
        for chapter in GuideChapterPage.objects.live().exclude(audience="public"):
            texts[chapter.title] = f"chapter:{chapter.pk}"
        for message in Message.objects.exclude(body=""):  # the longest run without Markdown marks
            plain = max(re.split(r"[*_`>\[\]#]", message.body), key=len).strip()[:60]
            texts[plain] = f"conversation:{message.conversation_id}"
        return texts

    def may_read(self, role: Role, owner: str) -> bool:
        kind, pk = owner.split(":")
        if kind == "joinrequest":
            return role.is_editor
        if kind == "page":
            return _sees(role, *self.pages[self.practices[int(pk)][1]])
        if kind == "event":
            return _sees(role, *self.pages[self.events[int(pk)]])
        if kind == "chapter":
            return _sees(role, *self.pages[self.chapters[int(pk)]])
        if kind == "conversation":
            return role.is_member and role.user_id in self.conversations[int(pk)]
        return self._sees_category(role, self.threads[int(pk)] if kind == "thread" else int(pk))

    def _sees_category(self, role: Role, category: int) -> bool:
        groups = self.categories[category]
        return _sees(role, "groups" if groups else "members", groups)

    def _forum_category(self, name: str, kwargs: dict) -> int | None:
        """The category a forum URL belongs to (directly, through its thread or its post), if any."""
        if "slug" in kwargs:
            return self.category_slugs.get(kwargs["slug"])
        if name in THREAD_URLS:
            return self.threads.get(kwargs["pk"])
        if name in POST_URLS and kwargs["pk"] in self.posts:
            return self.threads.get(self.posts[kwargs["pk"]])
        return None

    def expect(self, role: Role, url: str) -> Rule | None:
        """The answer ``role`` must get for ``url``; None where only "no 5xx" is asserted."""
        path = urlsplit(url).path
        if path.startswith(ADMIN):
            return self._expect_admin(role, path)
        if path in self.pages:
            if _sees(role, *self.pages[path]):
                return SHOWN
            return LOGIN if role.email is None else HIDDEN
        try:
            match = resolve(path)
        except Resolver404:
            return None
        name = match.url_name or ""
        if name in EVENT_URLS and match.kwargs["page_id"] in self.events:
            if _sees(role, *self.pages[self.events[match.kwargs["page_id"]]]):
                return SHOWN
            return LOGIN if role.email is None else HIDDEN
        if name in PUBLIC:
            return SHOWN
        forum = name.startswith("forum-") or name in ("follow-thread", "follow-category")
        if role.email is None and (forum or name in MEMBERS_ONLY or name in LOGIN_ONLY):
            return LOGIN
        if forum or name in MEMBERS_ONLY:
            if not role.is_member:
                return NOT_A_MEMBER
            if forum:
                return self._expect_forum(role, name, match.kwargs)
            return self._expect_member_page(role, name, match.kwargs)
        if name == "audit-log":  # the security log does not say it exists
            return SHOWN if role.is_editor else HIDDEN
        return SHOWN if name in LOGIN_ONLY else None

    def _expect_forum(self, role: Role, name: str, kwargs: dict) -> Rule | None:
        category = self._forum_category(name, kwargs)
        if category is not None and not self._sees_category(role, category):
            return HIDDEN
        if name in MODERATION:
            return SHOWN if role.is_editor else FORBIDDEN
        return SHOWN if category is not None and name in ("forum-category", "forum-thread") else None

    def _expect_member_page(self, role: Role, name: str, kwargs: dict) -> Rule | None:
        if name == "organisation-members":
            return SHOWN if role.is_editor or kwargs["pk"] in role.partner_of else HIDDEN
        if name == "membership-reject" and kwargs["pk"] in self.memberships:
            user_id, org_id = self.memberships[kwargs["pk"]]
            if role.is_editor or org_id in role.partner_of:
                return SHOWN
            return None if user_id == role.user_id else HIDDEN  # someone else's: out of reach
        if name == "notification-open" and self.recipients.get(kwargs["pk"]) != role.user_id:
            return HIDDEN
        if name == "practice-draft-create":
            return SHOWN if role.is_editor or role.partner_of else FORBIDDEN
        if name.startswith("message"):
            return self._expect_messages(role, name, kwargs)
        return SHOWN if name in ("members-home", "saved-searches") else None

    def _expect_messages(self, role: Role, name: str, kwargs: dict) -> Rule | None:
        if name == "message-conversation" and kwargs["pk"] in self.conversations:
            return SHOWN if role.user_id in self.conversations[kwargs["pk"]] else HIDDEN
        if name == "message-report" and kwargs["pk"] in self.messages:
            return SHOWN if role.user_id in self.conversations[self.messages[kwargs["pk"]]] else HIDDEN
        if name == "message-reports":
            return SHOWN if role.is_editor else HIDDEN
        return SHOWN if name in ("messages", "message-settings") else None

    def _expect_admin(self, role: Role, path: str) -> Rule | None:
        if not (role.is_editor or role.partner_of):
            return LOGIN  # Wagtail sends everyone without admin access to its login
        parts = path.removeprefix("/cms/pages/").split("/")
        practice = None
        if path.startswith("/cms/pages/") and parts[0].isdigit():
            practice = self.practices.get(int(parts[0]))
        if practice is not None and not (role.is_editor or practice[0] in role.partner_of):
            return HIDDEN
        if path == ADMIN or (practice is not None and parts[1:] == ["edit", ""]):
            return SHOWN
        if path.startswith(JOIN_REQUESTS_ADMIN):
            return SHOWN if role.is_editor else DENIED
        if not role.is_editor and not path.startswith(PARTNER_ADMIN_AREAS):
            return DENIED
        return None
