"""Rate limits: new accounts post less per minute; counted in the database (all processes agree)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.forum import services as forum_services
from exchange.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.FORUM_RATE_LIMIT = {"NEW_ACCOUNT_DAYS": 7, "NEW_PER_MINUTE": 2, "PER_MINUTE": 4}


def _age(user, days):
    user.date_joined = timezone.now() - timedelta(days=days)
    user.save(update_fields=["date_joined"])


def test_rate_limit_new_account_web(client, member, thread):
    _age(member, 1)  # thread's first post counts: one more is allowed
    client.force_login(member)
    assert client.post(f"/forum/thema/{thread.pk}/antworten/", {"body": "zwei"}).status_code == 302
    response = client.post(f"/forum/thema/{thread.pk}/antworten/", {"body": "drei"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "in der letzten Minute bereits 2 Beiträge" in html
    assert "drei" in html  # the text is kept
    assert Post.objects.count() == 2


def test_rate_limit_established_account_is_higher(member, thread):
    _age(member, 30)
    for body in ("2", "3", "4"):
        forum_services.post_create(author=member, thread=thread, body=body, rate_limit=True)
    with pytest.raises(forum_services.RateLimited):
        forum_services.post_create(author=member, thread=thread, body="5", rate_limit=True)


def test_rate_limit_window_is_one_minute(member, thread):
    _age(member, 1)
    forum_services.post_create(author=member, thread=thread, body="2", rate_limit=True)
    Post.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    forum_services.post_create(
        author=member, thread=thread, body="3", rate_limit=True
    )  # older posts no longer count


def test_rate_limit_also_for_new_threads(member, open_category):
    _age(member, 1)
    forum_services.thread_create(author=member, category=open_category, title="a", body="a", rate_limit=True)
    forum_services.thread_create(author=member, category=open_category, title="b", body="b", rate_limit=True)
    with pytest.raises(forum_services.RateLimited):
        forum_services.thread_create(
            author=member, category=open_category, title="c", body="c", rate_limit=True
        )
    assert open_category.threads.count() == 2


def test_trusted_callers_are_not_rate_limited(member, thread):
    _age(member, 1)
    for i in range(5):  # imports and demo data call the service without rate_limit
        forum_services.post_create(author=member, thread=thread, body=f"Import {i}")


def test_editors_are_not_rate_limited(editor, thread):
    for i in range(5):
        forum_services.post_create(author=editor, thread=thread, body=f"Hinweis {i}", rate_limit=True)
