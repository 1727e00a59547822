"""A person's interests: suggested from the organisation until saved in the profile."""

from __future__ import annotations

import pytest

from exchange.models import Organisation
from exchange.people import selectors as people_selectors
from exchange.people import services as people_services
from tests.factories import term

pytestmark = pytest.mark.django_db


def test_interests_are_suggested_from_the_organisation_until_saved(member, org):
    interests = people_selectors.member_interests(member)
    assert interests.suggested
    assert interests.region == Organisation.Region.MUENSTER  # the organisation's region
    assert interests.professional_field_ids == {term("professional_field", "Kommunalverwaltung").pk}
    assert interests.target_group_ids == {term("target_group", "Innendienst mit Publikumsverkehr").pk}

    police = term("professional_field", "Polizei und Zoll")
    people_services.profile_update(
        user=member,
        first_name="Erika",
        last_name="Muster",
        position="",
        phone="",
        profile_visibility="organisation",
        interest_professional_fields=[police],
        interest_target_groups=[],
        interest_region="",
    )
    saved = people_selectors.member_interests(member)
    assert not saved.suggested
    assert saved.professional_field_ids == {police.pk}
    assert saved.region == "" and saved.target_group_ids == frozenset()


def test_interests_refuse_terms_of_another_vocabulary(member):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        people_services.profile_update(
            user=member,
            first_name="Erika",
            last_name="Muster",
            position="",
            phone="",
            profile_visibility="organisation",
            interest_target_groups=[term("phase", "Vorsorge")],
        )
    assert not member.interest_target_groups.exists()


def test_profile_shows_suggested_interests_and_saves_them(client, member):
    client.force_login(member)
    html = client.get("/profil/").content.decode()
    field = term("professional_field", "Kommunalverwaltung")
    assert f'value="{field.pk}"' in html
    assert "Vorgeschlagen aus den Angaben Ihrer Organisation" in html
    response = client.post(
        "/profil/",
        {
            "first_name": "Erika",
            "last_name": "Muster",
            "position": "",
            "phone": "",
            "profile_visibility": "organisation",
            "interest_professional_fields": [field.pk],
            "interest_region": "koeln",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert list(member.interest_professional_fields.all()) == [field]
    assert member.interest_region == "koeln"
