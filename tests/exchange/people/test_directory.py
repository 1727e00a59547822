"""Member directory and profiles: filters and profile visibility for every role."""

import pytest

from exchange.access import viewer_for
from exchange.models import Organisation, User
from exchange.people.permissions import can_view_profile, profiles_visible_to
from tests.factories import OrganisationFactory, member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org, other_org, working_group):
    everyone = member_create(org, email="offen@example.org")
    everyone.first_name, everyone.last_name, everyone.position = "Olga", "Offen", "Arbeitsschutz"
    everyone.profile_visibility = User.Visibility.MEMBERS
    everyone.save()
    working_group.members.add(everyone)
    own_org = member_create(org, email="intern@example.org")
    own_org.first_name, own_org.last_name = "Ina", "Intern"
    own_org.save()  # default visibility: only own organisation
    hidden = member_create(org, email="versteckt@example.org")
    hidden.first_name, hidden.last_name, hidden.profile_visibility = (
        "Vera",
        "Versteckt",
        User.Visibility.NOBODY,
    )
    hidden.save()
    far = member_create(other_org, email="fern@example.org")
    far.first_name, far.last_name, far.profile_visibility = "Fritz", "Fern", User.Visibility.MEMBERS
    far.save()
    other_org.region = Organisation.Region.DUESSELDORF
    other_org.save()
    return {"everyone": everyone, "own_org": own_org, "hidden": hidden, "far": far}


def _names(client, query=""):
    html = client.get("/mitglieder/" + query).content.decode()
    full_names = {"Olga": "Olga Offen", "Ina": "Ina Intern", "Vera": "Vera Versteckt", "Fritz": "Fritz Fern"}
    return {first for first, full in full_names.items() if full in html}


def test_member_of_same_organisation(client, member, people):
    client.force_login(member)
    assert _names(client) == {"Olga", "Ina", "Fritz"}


def test_member_of_other_organisation(client, people, other_org):
    colleague = member_create(other_org, email="kollege@mettmann.example")
    client.force_login(colleague)
    assert _names(client) == {"Olga", "Fritz"}
    assert client.get(f"/mitglieder/{people['own_org'].pk}/").status_code == 404
    assert client.get(f"/mitglieder/{people['hidden'].pk}/").status_code == 404
    assert client.get(f"/mitglieder/{people['everyone'].pk}/").status_code == 200


def test_editor_sees_everyone_pending_and_anonymous_nothing(client, editor, pending_user, people):
    client.force_login(editor)
    assert _names(client) == {"Olga", "Ina", "Vera", "Fritz"}
    client.force_login(pending_user)
    assert client.get("/mitglieder/").status_code == 403
    assert client.get(f"/mitglieder/{people['everyone'].pk}/").status_code == 403
    client.logout()
    assert client.get("/mitglieder/").status_code == 302


def test_filters(client, member, people, other_org, working_group):
    client.force_login(member)
    assert _names(client, f"?organisation={other_org.pk}") == {"Fritz"}
    assert _names(client, "?region=duesseldorf") == {"Fritz"}
    assert _names(client, "?position=arbeitsschutz") == {"Olga"}
    assert _names(client, f"?working_group={working_group.pk}") == {"Olga"}
    assert _names(client, "?q=intern") == {"Ina"}
    assert client.get("/mitglieder/?organisation=999999").status_code == 200  # bad filter: ignored


def test_people_who_left_or_are_deactivated_are_not_listed(client, member, people):
    people["everyone"].is_active = False
    people["everyone"].save()
    client.force_login(member)
    assert "Olga" not in _names(client)
    assert client.get(f"/mitglieder/{people['everyone'].pk}/").status_code == 404


def test_profile_rule_matches_directory(member, people, other_org, editor, group_member):
    left = OrganisationFactory(name="Ausgetreten", status=Organisation.Status.LEFT)
    ex = member_create(left, email="ex@example.org")
    ex.profile_visibility = User.Visibility.MEMBERS
    ex.save()
    for viewer_user in (member, editor, group_member):
        viewer = viewer_for(viewer_user)
        listed = set(
            User.objects.filter(pk__in=[p.pk for p in (*people.values(), ex)])
            .filter(pk__in=profiles_visible_to(viewer))
            .values_list("pk", flat=True)
        )
        allowed = {p.pk for p in (*people.values(), ex) if can_view_profile(viewer, p)}
        assert listed == allowed, viewer_user


def test_directory_query_count_is_bounded(client, member, people, django_assert_max_num_queries):
    client.force_login(member)
    # 15 before direct messages; +6 for the unread count in the navigation and for who on the page
    # may be written to (the viewers of the listed people: 3, blocks: 1, contact settings: 1), per page
    with django_assert_max_num_queries(21):
        client.get("/mitglieder/")
