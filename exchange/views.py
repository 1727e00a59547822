from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cms import selectors as cms_selectors

from . import notification_selectors, selectors
from .decorators import member_required
from .permissions import viewer_for


@member_required
def members_home(request: HttpRequest) -> HttpResponse:
    """The members' start page: editors' picks, then practices and threads matching the person's
    target groups, professional fields and region (saved in the profile, else suggested from the
    organisation), then unread notifications and followed threads with new posts."""
    viewer = viewer_for(request.user)
    interests = selectors.member_interests(request.user)
    practices = cms_selectors.practice_list_for_interests(
        viewer,
        target_group_ids=interests.target_group_ids,
        professional_field_ids=interests.professional_field_ids,
        region=interests.region,
    )
    threads = selectors.thread_list_for_interests(
        viewer,
        practice_ids=[p.pk for p in practices if getattr(p, "matches_interests", False)],
        region=interests.region,
    )
    featured = cms_selectors.featured_practice_list(viewer)  # cms: editors' picks (issue #4)
    return render(
        request,
        "exchange/members_home.html",
        {
            "practices": practices,
            "threads": threads,
            "featured_practices": featured,
            "interests": interests,
            "interest_labels": selectors.interest_labels(interests),
            "notifications": notification_selectors.notification_latest_unread(viewer),
            "followed_threads": notification_selectors.followed_threads_with_news(viewer),
        },
    )
