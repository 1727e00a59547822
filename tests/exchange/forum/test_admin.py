"""Forum categories in the Wagtail admin (editors only); a restriction made there re-indexes."""

import pytest

from exchange.models import Category
from search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def test_editor_restricts_category_in_wagtail(
    client, editor, thread, open_category, working_group, site_tree
):
    client.force_login(editor)
    assert client.get("/cms/snippets/exchange/category/").status_code == 200
    OutboxEntry.objects.all().delete()
    response = client.post(
        f"/cms/snippets/exchange/category/edit/{open_category.pk}/",
        {
            "name": open_category.name,
            "slug": open_category.slug,
            "description": "",
            "position": 3,
            "working_groups": [working_group.pk],
            "is_practice_discussion": "on",
        },
    )
    assert response.status_code == 302
    category = Category.objects.get(pk=open_category.pk)
    assert list(category.working_groups.all()) == [working_group]
    assert category.is_practice_discussion and category.position == 3
    assert set(OutboxEntry.objects.values_list("kind", "object_id")) == {("thread", thread.pk)}


def test_moderation_menu_only_for_editors(client, editor, partner, site_tree):
    client.force_login(editor)
    assert "/forum/moderation/" in client.get("/cms/").content.decode()
    client.force_login(partner)
    assert client.get("/cms/snippets/exchange/category/").status_code in (302, 403)
