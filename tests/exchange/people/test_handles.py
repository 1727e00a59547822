"""@handles: made from the name, unique and stable; mentions link to the profile for those who may see it."""

from __future__ import annotations

import pytest

from exchange.forum.markdown import mentions, render
from exchange.models import (
    User,
)
from exchange.people import services as people_services
from tests.exchange.notifications.helpers import person
from tests.factories import member_create

pytestmark = pytest.mark.django_db


def test_handle_is_made_from_the_name_unique_and_stable(org):
    jurgen = person(org, "jw@example.org", "Jürgen", "Weiß")
    twin = person(org, "jw2@example.org", "Jürgen", "Weiss")
    assert jurgen.handle == "juergen-weiss"
    assert twin.handle == "juergen-weiss-2"
    people_services.profile_update(
        user=jurgen, first_name="Jürgen", last_name="Neu", position="", phone="", profile_visibility="members"
    )
    jurgen.refresh_from_db()
    assert jurgen.handle == "juergen-weiss"  # mentions written earlier keep working
    assert "jw" not in jurgen.handle.replace("juergen-weiss", "")  # nothing from the e-mail address


def test_mentions_render_as_profile_links_and_stay_sanitised():
    html = render("Frage an @Anna-Schmidt und `@nicht-im-code`, Mail an anna@example.org <b>x</b>")
    assert '<a href="/mitglieder/@anna-schmidt/" class="mention" rel="nofollow noopener noreferrer">' in html
    assert "@anna-schmidt</a>" in html
    assert "<code>@nicht-im-code</code>" in html
    assert "mitglieder/@example" not in html  # an e-mail address is not a mention
    assert "<b>" not in html
    assert mentions("@a-b hallo @c, @a-b nochmal, `@code` [@link](https://x.example)") == ["a-b", "c"]


def test_mention_link_leads_to_the_profile_only_for_those_who_may_see_it(client, org, other_org, member):
    anna = person(org, "anna@example.org", "Anna", "Schmidt")
    hidden = person(org, "h@example.org", "Heimlich", "Hans")
    User.objects.filter(pk=hidden.pk).update(profile_visibility=User.Visibility.NOBODY)
    outsider = person(other_org, "o@example.org", "Otto", "Außen")
    client.force_login(member)
    response = client.get("/mitglieder/@anna-schmidt/")
    assert response.status_code == 302
    assert response["Location"] == f"/mitglieder/{anna.pk}/"
    assert "@anna-schmidt" in client.get(f"/mitglieder/{anna.pk}/").content.decode()
    assert client.get("/mitglieder/@heimlich-hans/").status_code == 404
    assert client.get("/mitglieder/@gibt-es-nicht/").status_code == 404
    client.force_login(outsider)  # anna shows her profile to her organisation only (the default)
    assert client.get("/mitglieder/@anna-schmidt/").status_code == 404


def test_member_create_still_works_without_a_name(org):
    user = member_create(org, email="ohne@example.org")
    assert user.handle  # factories give a name; the handle follows it
    nameless = User.objects.create_user("leer@example.org")
    assert nameless.handle is None  # no name, no handle, never the e-mail address
