"""Pages of the ground floor: signing in (password, then code), the account and the VNR board."""

from django.urls import include, path

from engagement import views

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/login/code/", views.sign_in_code, name="login-code"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("language/", views.language_switch, name="language-switch"),
    path("account/", views.account, name="account"),
    path("account/password/", views.AccountPasswordView.as_view(), name="account-password"),
    path("account/two-factor/", views.account_two_factor, name="account-two-factor"),
    path("account/two-factor/setup/", views.account_two_factor_setup, name="account-two-factor-setup"),
    path(
        "account/two-factor/recovery-codes/",
        views.account_two_factor_recovery_codes,
        name="account-two-factor-recovery-codes",
    ),
    path("account/two-factor/disable/", views.account_two_factor_disable, name="account-two-factor-disable"),
    path("vnr/", views.vnr_board_current, name="vnr-board-current"),
    path("vnr/<int:year>/", views.vnr_board, name="vnr-board"),
    path("vnr/engagements/<int:pk>/remove/", views.vnr_presenter_remove, name="vnr-remove"),
    path("vnr/engagements/<int:pk>/<str:stage>/", views.vnr_stage_toggle, name="vnr-stage"),
]
