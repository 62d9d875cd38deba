from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("logga-in/", views.sign_in, name="sign-in"),
    path("logga-in/kod/", views.sign_in_code, name="sign-in-code"),
    path("logga-ut/", views.sign_out, name="sign-out"),
    path("tvastegsverifiering/", views.two_factor_setup, name="two-factor-setup"),
    path("losenord/", views.password_change, name="password-change"),
    path("inbjudan/<str:token>/", views.invitation_accept, name="invitation"),
    path("e-legitimation/", views.oidc_start, name="oidc-start"),
    path("e-legitimation/svar/", views.oidc_callback, name="oidc-callback"),
    path("personer/<int:pk>/", views.person_data, name="person-data"),
    path("personer/<int:pk>/export/", views.person_export, name="person-export"),
    path("personer/<int:pk>/ta-bort/", views.person_remove, name="person-remove"),
    path("personer/<int:pk>/bjud-in/", views.person_invite, name="person-invite"),
]
