"""Pages of the ground floor: signing in and the VNR board (reminder e-mails link to /vnr/<year>/)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from engagement import views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("language/", views.language_switch, name="language-switch"),
    path("account/", views.account, name="account"),
    path("account/password/", views.AccountPasswordView.as_view(), name="account-password"),
    path("vnr/", views.vnr_board_current, name="vnr-board-current"),
    path("vnr/<int:year>/", views.vnr_board, name="vnr-board"),
    path("vnr/engagements/<int:pk>/remove/", views.vnr_presenter_remove, name="vnr-remove"),
    path("vnr/engagements/<int:pk>/<str:stage>/", views.vnr_stage_toggle, name="vnr-stage"),
]
