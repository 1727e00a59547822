"""Property: no message text reaches anyone but the participants who may read it, through any channel.

Hypothesis draws people (members of organisation A or B, pending applicants, editors), who of them
allows only their own organisation, who blocks whom, attempts to write (one or two recipients, each
text one secret word of its own), then who leaves the network or deletes the account afterwards.
An oracle written here from the rules in the issue (not from exchange.messages) says which writes
must succeed and who may read each secret. Then, for every person, the conversation pages, the
notification page, the API (list and detail) and every e-mail (immediate and digest) must contain
exactly the secrets the oracle allows: nothing of a conversation one is not in, nothing by a person
who left or deleted the account, nothing for editors, pending or former members.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cms.setup import editors_group_ensure
from exchange.messages import services
from exchange.models import Conversation, Membership, Message, Notification, NotificationSettings, User
from exchange.notifications import delivery
from exchange.people import services as people_services
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRETS = [f"geheimwort{n}x" for n in range(12)]
KINDS = ["member_a", "member_b", "pending", "editor"]
AFTER = ["stays", "stays", "leaves", "deletes"]

scenario = st.fixed_dictionaries(
    {
        "people": st.lists(
            st.tuples(st.sampled_from(KINDS), st.booleans(), st.sampled_from(AFTER)), min_size=3, max_size=5
        ),
        "blocks": st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=3),
        "writes": st.lists(
            st.tuples(st.integers(0, 4), st.lists(st.integers(0, 4), min_size=1, max_size=2, unique=True)),
            min_size=1,
            max_size=6,
        ),
        "immediate": st.booleans(),
    }
)


@dataclass
class Person:
    user: User
    kind: str
    org_only: bool
    after: str
    orgs: set[str] = field(default_factory=set)

    @property
    def member_before(self) -> bool:
        return self.kind in ("member_a", "member_b", "editor")


def may_contact(author: Person, other: Person, blocks: set[tuple[int, int]]) -> bool:
    """The issue's rule: approved members on both sides, no block either way, organisation-only kept."""
    a, b = author.user.pk, other.user.pk
    if a == b or not (author.member_before and other.member_before):
        return False
    if (a, b) in blocks or (b, a) in blocks:
        return False
    return not other.org_only or bool(author.orgs & other.orgs)


def build(data) -> tuple[list[Person], dict[str, set[int]]]:
    orgs = {"A": OrganisationFactory(name="Org A"), "B": OrganisationFactory(name="Org B")}
    people: list[Person] = []
    for n, (kind, org_only, after) in enumerate(data["people"]):
        user = UserFactory(email=f"p{n}@example.org", first_name=f"Person{n}")
        person = Person(user, kind, org_only, after)
        if kind == "editor":
            user.groups.add(editors_group_ensure())
        else:
            key = "B" if kind == "member_b" else "A"
            status = Membership.Status.PENDING if kind == "pending" else Membership.Status.ACTIVE
            Membership.objects.create(user=user, organisation=orgs[key], status=status)
            if status == Membership.Status.ACTIVE:
                person.orgs.add(key)
        services.contact_settings_set(user=user, organisation_only=org_only)
        email = (
            NotificationSettings.Email.IMMEDIATE if data["immediate"] else NotificationSettings.Email.DIGEST
        )
        NotificationSettings.objects.create(user=user, email=email)
        people.append(person)
    blocks = set()
    for a, b in data["blocks"]:
        if a < len(people) and b < len(people) and a != b:
            services.block_set(user=people[a].user, person=people[b].user)
            blocks.add((people[a].user.pk, people[b].user.pk))
    readers: dict[str, set[int]] = {}  # secret -> who may read it at the end (before leaving)
    secrets = iter(SECRETS)
    for author_i, recipient_is in data["writes"]:
        if author_i >= len(people) or author_i in recipient_is or any(i >= len(people) for i in recipient_is):
            continue
        author, recipients = people[author_i], [people[i] for i in recipient_is]
        secret = next(secrets)
        expected = all(may_contact(author, r, blocks) for r in recipients)
        try:
            conversation = services.conversation_start(
                author=author.user, recipients=[r.user for r in recipients], body=f"Text {secret}"
            )
        except PermissionDenied as exc:
            assert not expected, f"{secret}: refused although allowed ({exc!r})"
            continue
        assert expected, f"{secret}: written although the rule forbids it"
        readers[secret] = set(conversation.participants.values_list("user_id", flat=True))
        assert readers[secret] == {author.user.pk, *(r.user.pk for r in recipients)}
    return people, readers


def leave_and_delete(people: list[Person]) -> tuple[set[int], set[int]]:
    gone: set[int] = set()
    deleted: set[int] = set()
    for p in people:
        if p.after == "leaves":
            Membership.objects.filter(user=p.user).update(status=Membership.Status.ENDED)
            p.user.groups.clear()
            gone.add(p.user.pk)
        elif p.after == "deletes":
            gone.add(p.user.pk)
            deleted.add(p.user.pk)
            people_services.user_delete(user=User.objects.get(pk=p.user.pk))  # p.user keeps its pk
    return gone, deleted


def allowed_for(person: Person, readers: dict[str, set[int]], authors: dict[str, int], gone: set[int]):
    """The oracle: a member now, in the conversation, and the author still a member."""
    member_now = person.member_before and person.kind != "pending" and person.user.pk not in gone
    return {
        s for s, ids in readers.items() if member_now and person.user.pk in ids and authors[s] not in gone
    }


def everything_seen(client: Client) -> str:
    """All a person can fetch: conversation list and pages, notifications, API list and details."""
    seen = [client.get("/nachrichten/").content.decode(), client.get("/benachrichtigungen/").content.decode()]
    seen.append(client.get("/api/messages/conversations").content.decode())
    for pk in Conversation.objects.values_list("pk", flat=True):
        seen.append(client.get(f"/nachrichten/{pk}/").content.decode())
        seen.append(client.get(f"/api/messages/conversations/{pk}").content.decode())
    return "\n".join(seen)


@hsettings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=scenario)
def test_no_message_text_reaches_anyone_who_may_not_read_it(data, db):
    print("EXAMPLE", data)
    with transaction.atomic():
        people, readers = build(data)
        authors = {s: Message.objects.get(body=f"Text {s}").author_id or 0 for s in readers}
        gone, deleted = leave_and_delete(people)
        mail.outbox.clear()
        for pk in Notification.objects.filter(kind="message").values_list("pk", flat=True):
            delivery.notification_email_send(notification_id=pk)
        for user_id in delivery.notification_digest_recipients():
            delivery.notification_digest_send(user_id=user_id)
        for person in people:
            allowed = allowed_for(person, readers, authors, gone)
            mails = "\n".join(m.subject + m.body for m in mail.outbox if m.to == [person.user.email])
            forbidden = set(SECRETS) - allowed
            assert not [s for s in forbidden if s in mails], f"mail to {person.kind}/{person.after}"
            if person.user.pk in deleted:
                continue
            client = Client()
            client.force_login(person.user)
            seen = everything_seen(client)
            leaked = [s for s in forbidden if s in seen]
            assert not leaked, f"{person.kind}/{person.after} sees {leaked}"
            missing = [s for s in allowed if s not in seen]
            assert not missing, f"{person.kind}/{person.after} misses {missing}"
        transaction.set_rollback(True)
