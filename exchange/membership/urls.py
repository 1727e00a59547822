from django.urls import path

from . import views

urlpatterns = [
    path("mitgliedschaften/", views.membership_list, name="membership-list"),
    path("mitgliedschaften/beantragen/", views.membership_request, name="membership-request"),
    path("mitgliedschaften/<int:pk>/freigeben/", views.membership_approve, name="membership-approve"),
    path("mitgliedschaften/<int:pk>/ablehnen/", views.membership_reject, name="membership-reject"),
    path("mitgliedschaften/<int:pk>/beenden/", views.membership_end, name="membership-end"),
    path("mitgliedschaften/<int:pk>/rolle/", views.membership_role, name="membership-role"),
    path("mitgliedschaften/organisation/<int:pk>/", views.organisation_members, name="organisation-members"),
    path(
        "mitgliedschaften/einladungen/<int:pk>/zurueckziehen/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("mitgliedschaften/protokoll/", views.audit_log, name="audit-log"),
    path("einladung/<str:token>/", views.invitation_detail, name="invitation-detail"),
]
