"""Organisations and working groups in the Wagtail admin: editors only."""

import pytest

from exchange.models import Organisation

pytestmark = pytest.mark.django_db


def test_editor_manages_organisations_in_wagtail(client, editor, org, site_tree):
    client.force_login(editor)
    assert client.get("/cms/snippets/exchange/organisation/").status_code == 200
    html = client.get(f"/cms/snippets/exchange/organisation/edit/{org.pk}/").content.decode()
    assert "Regierungsbezirk" in html and "Logo" in html
    response = client.post(
        "/cms/snippets/exchange/organisation/add/",
        {
            "name": "Stadt Münster",
            "slug": "stadt-muenster",
            "kind": "kommune",
            "region": "muenster",
            "status": "active",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(slug="stadt-muenster").exists()
    assert client.get("/cms/snippets/exchange/workinggroup/").status_code == 200


def test_non_editors_do_not_reach_the_snippets(client, partner, site_tree):
    client.force_login(partner)
    response = client.get("/cms/snippets/exchange/organisation/")
    assert response.status_code in (302, 403)
