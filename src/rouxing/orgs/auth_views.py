"""Authentication views and the audit of logins, failures and logouts (security.md: Audit)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from rouxing.core.audit import audit_record


class RouxingLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class RouxingPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
        audit_record(event="auth.password_change", actor=user, obj=user, request=self.request)
        return response


# Authentication events are infrastructure, not domain behaviour: Django exposes them as signals.
@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    audit_record(event="auth.login", actor=user, obj=user, request=request)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event="auth.logout", actor=user, obj=user, request=request)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        event="auth.login_failed", actor=str(credentials.get("username", ""))[:150], request=request,
        result="failure", object_type="orgs.User", object_id=str(credentials.get("username", ""))[:64],
    )
