from django.urls import path

from . import views

urlpatterns = [
    # The person's own account
    path("profil/", views.profile, name="profile"),
    path("profil/tokens/", views.token_create, name="token-create"),
    path("profil/tokens/<int:pk>/widerrufen/", views.token_revoke, name="token-revoke"),
    path("profil/daten.json", views.data_export, name="data-export"),
    path("profil/loeschen/", views.account_delete, name="account-delete"),
    # Colleagues: the directory, profiles (by id and by @handle, where mentions link to)
    path("mitglieder/", views.directory, name="directory"),
    path("mitglieder/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("mitglieder/<int:pk>/deaktivieren/", views.user_deactivate, name="user-deactivate"),
    path("mitglieder/@<slug:handle>/", views.profile_by_handle, name="profile-handle"),
]
