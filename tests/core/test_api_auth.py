"""API token authentication: valid tokens act as their user; revoked tokens and disabled users are refused."""

from __future__ import annotations

import pytest
from django.test import Client

from rouxing.api.models import ApiToken
from rouxing.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/"


def _get(key: str):
    return Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_issued_token_is_accepted_and_stored_only_as_a_digest(demo):
    row, key = ApiToken.issue(user=demo.user("sm_officer1"), name="测试")
    assert _get(key).status_code == 200
    assert key not in row.key_hash and len(row.key_hash) == 64


def test_revoked_token_is_refused_and_audited(demo):
    row, key = ApiToken.issue(user=demo.user("sm_officer1"), name="测试")
    ApiToken.objects.filter(pk=row.pk).update(revoked=True)
    assert _get(key).status_code == 401
    assert AuditEvent.objects.filter(event="api.auth_failed", object_id=str(row.pk), result="failure").exists()


def test_token_of_a_disabled_user_is_refused(demo):
    user = demo.user("sm_officer2")
    _row, key = ApiToken.issue(user=user, name="测试")
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert _get(key).status_code == 401


def test_unknown_token_is_refused(demo):
    assert _get("rx_not-a-real-token").status_code == 401
    assert AuditEvent.objects.filter(event="api.auth_failed", object_id="").exists()
