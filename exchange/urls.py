from django.urls import include, path

from . import forum_moderation_views, forum_views, membership_views, profile_views, views

urlpatterns = [
    path("mitgliederbereich/", views.members_home, name="members-home"),
    # Forum
    path("forum/", forum_views.forum_index, name="forum-index"),
    path("forum/kategorie/<slug:slug>/", forum_views.forum_category, name="forum-category"),
    path("forum/kategorie/<slug:slug>/neu/", forum_views.thread_create, name="forum-thread-create"),
    path("forum/thema/<int:pk>/", forum_views.forum_thread, name="forum-thread"),
    path("forum/thema/<int:pk>/ungelesen/", forum_views.thread_unread, name="forum-thread-unread"),
    path("forum/thema/<int:pk>/antworten/", forum_views.post_reply, name="forum-post-reply"),
    path(
        "forum/thema/<int:pk>/moderation/",
        forum_moderation_views.thread_moderate,
        name="forum-thread-moderate",
    ),
    path("forum/beitrag/<int:pk>/", forum_views.post_goto, name="forum-post"),
    path("forum/beitrag/<int:pk>/bearbeiten/", forum_views.post_edit, name="forum-post-edit"),
    path("forum/beitrag/<int:pk>/loeschen/", forum_views.post_delete, name="forum-post-delete"),
    path("forum/beitrag/<int:pk>/hilfreich/", forum_views.post_react, name="forum-post-react"),
    path("forum/beitrag/<int:pk>/loesung/", forum_views.post_solution, name="forum-post-solution"),
    path("forum/beitrag/<int:pk>/melden/", forum_views.post_flag, name="forum-post-flag"),
    path("forum/beitrag/<int:pk>/verlauf/", forum_moderation_views.post_history, name="forum-post-history"),
    path(
        "forum/beitrag/<int:pk>/moderation/", forum_moderation_views.post_moderate, name="forum-post-moderate"
    ),
    path("forum/anhang/<int:pk>/", forum_views.attachment_download, name="forum-attachment"),
    path(
        "forum/praxis/<int:page_id>/diskussion/",
        forum_views.practice_discussion,
        name="forum-practice-discussion",
    ),
    path("forum/moderation/", forum_moderation_views.moderation_queue, name="forum-moderation"),
    # Memberships: requests, decisions, organisations, invitations
    path("mitgliedschaften/", membership_views.membership_list, name="membership-list"),
    path("mitgliedschaften/beantragen/", membership_views.membership_request, name="membership-request"),
    path(
        "mitgliedschaften/<int:pk>/freigeben/", membership_views.membership_approve, name="membership-approve"
    ),
    path("mitgliedschaften/<int:pk>/ablehnen/", membership_views.membership_reject, name="membership-reject"),
    path("mitgliedschaften/<int:pk>/beenden/", membership_views.membership_end, name="membership-end"),
    path("mitgliedschaften/<int:pk>/rolle/", membership_views.membership_role, name="membership-role"),
    path(
        "mitgliedschaften/organisation/<int:pk>/",
        membership_views.organisation_members,
        name="organisation-members",
    ),
    path(
        "mitgliedschaften/einladungen/<int:pk>/zurueckziehen/",
        membership_views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("mitgliedschaften/protokoll/", membership_views.audit_log, name="audit-log"),
    path("einladung/<str:token>/", membership_views.invitation_detail, name="invitation-detail"),
    # Directory
    path("mitglieder/", membership_views.directory, name="directory"),
    path("mitglieder/<int:pk>/", membership_views.profile_detail, name="profile-detail"),
    path("mitglieder/<int:pk>/deaktivieren/", membership_views.user_deactivate, name="user-deactivate"),
    # The person's own account
    path("profil/", profile_views.profile, name="profile"),
    path("profil/tokens/", profile_views.token_create, name="token-create"),
    path("profil/tokens/<int:pk>/widerrufen/", profile_views.token_revoke, name="token-revoke"),
    path("profil/daten.json", profile_views.data_export, name="data-export"),
    path("profil/loeschen/", profile_views.account_delete, name="account-delete"),
    # Participation: notifications, follows, @handles (exchange.notification_urls)
    path("", include("exchange.notification_urls")),
]
