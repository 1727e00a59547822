from django.urls import path

from . import membership_views, profile_views, views

urlpatterns = [
    path("mitgliederbereich/", views.members_home, name="members-home"),
    path("forum/", views.forum_index, name="forum-index"),
    path("forum/kategorie/<slug:slug>/", views.forum_category, name="forum-category"),
    path("forum/thema/<int:pk>/", views.forum_thread, name="forum-thread"),
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
]
