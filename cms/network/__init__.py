"""The network's public face: news (Aktuelles), the public partner list, live figures, the public
join form and the editors' decision on join requests with the joining certificate (Beitrittsurkunde).

A Django app of its own (label ``network``) with its own migrations, like ``cms.ops``. It builds on
``exchange`` (organisations, memberships, the invitation service) and ``cms`` (practices for the
figures); nothing in cms/exchange imports it: the start page gets its news and figures through the
Wagtail hook ``construct_home_page_context`` (see wagtail_hooks.py).

- ``models``: NewsIndexPage/NewsPage, PartnerListing (consent to the public list), JoinRequest.
- ``forms``: the join form with honeypot and signed start time; ``ratelimit``: per client address.
- ``services``: submit, approve (one transaction: organisation, listing, invitation, certificate,
  news draft), reject.
- ``selectors``: partner list, live figures (cached briefly), latest news.
- ``certificate``: the Beitrittsurkunde as PDF (reportlab, BSD licence).
"""
