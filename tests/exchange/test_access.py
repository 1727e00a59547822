"""The access layer: one builder for one viewer and for many, effective memberships, and the
raising variant the API uses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from exchange.access import ANONYMOUS, member_viewer, viewer_for, viewers_for
from exchange.models import Membership, Organisation, User
from tests.factories import OrganisationFactory, UserFactory, member_create

pytestmark = pytest.mark.django_db


def test_viewers_for_matches_viewer_for_for_every_kind_of_person(
    org, other_org, member, group_member, partner, pending_user, editor
):
    superuser = User.objects.create_superuser("root@example.org", "x")
    inactive = member_create(org, email="inaktiv@example.org")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    left = member_create(other_org, email="ausgetreten@example.org")
    other_org.status = "left"
    other_org.save()
    nobody = UserFactory(email="ohne@example.org")
    people = list(
        User.objects.filter(
            pk__in=[
                p.pk
                for p in (
                    member,
                    group_member,
                    partner,
                    pending_user,
                    editor,
                    superuser,
                    inactive,
                    left,
                    nobody,
                )
            ]
        )
    )
    bulk = viewers_for(people)
    for p in people:
        assert bulk[p.pk] == viewer_for(User.objects.get(pk=p.pk)), p.email
    assert bulk[group_member.pk].group_ids and bulk[editor.pk].is_editor and not bulk[inactive.pk].is_member


def test_one_person_costs_three_queries_and_a_superuser_two(member, django_assert_num_queries):
    """viewer_for builds through the same builder as viewers_for, without extra queries for one person."""
    person = User.objects.get(pk=member.pk)
    with django_assert_num_queries(3):  # effective memberships, editor group, working groups
        viewer_for(person)
    superuser = User.objects.create_superuser("root@example.org", "x")
    with django_assert_num_queries(2):  # a superuser is an editor without asking the groups
        assert viewer_for(superuser).is_editor


def test_effective_memberships_are_active_ones_in_active_organisations(org, other_org):
    gone = OrganisationFactory(name="Ausgetreten", status=Organisation.Status.LEFT)
    person = UserFactory(email="viele@example.org")
    active = Membership.objects.create(user=person, organisation=org, status=Membership.Status.ACTIVE)
    Membership.objects.create(user=person, organisation=other_org, status=Membership.Status.PENDING)
    Membership.objects.create(user=person, organisation=gone, status=Membership.Status.ACTIVE)
    assert list(Membership.objects.effective()) == [active]
    assert list(person.memberships.effective()) == [active]
    assert viewer_for(person).organisation_ids == {org.pk}


def test_member_viewer_refuses_non_members_in_german(member, pending_user):
    assert member_viewer(member).is_member
    for person in (pending_user, None):
        with pytest.raises(PermissionDenied, match=r"Nur für freigegebene Mitglieder\."):
            member_viewer(person)
    assert viewer_for(None) is ANONYMOUS
