"""Login (with TOTP step), logout, password change and two-factor setup (Chinese pages), all audited."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import auth_views as views

urlpatterns = [
    path("login/", views.RouxingLoginView.as_view(), name="login"),
    path("login/otp/", views.login_otp, name="login_otp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.RouxingPasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("otp/", views.otp_setup, name="otp_setup"),
]
