"""Login, logout and password change (Chinese pages), with audit of every attempt."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import auth_views as views

urlpatterns = [
    path("login/", views.RouxingLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.RouxingPasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
