"""Shared fixtures: the demo data set loaded once per test database, and logged-in clients per role."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEMO_PASSWORD = "Demo-Pass-2024"
os.environ.setdefault("ROUXING_DEMO_PASSWORD", DEMO_PASSWORD)

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ROUXING_SHARED", REPO_ROOT.parent / "shared"))


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The working-day cache forgets entered holidays after each test (a rolled-back test must not leave the
    days it entered in the cache of this process)."""
    yield
    from rouxing.core import workdays

    workdays.clear_calendar_cache()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data set once into the test database."""
    from rouxing.demo.seed import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(db):
    """The demo data (reloaded if a transactional test flushed the database)."""
    from rouxing.demo.seed import load_demo
    from rouxing.orgs.models import Org

    if not Org.objects.filter(code="SM-YJJ").exists():
        load_demo()
    return Demo()


class Demo:
    """Lookups into the demo data set."""

    def org(self, code: str):
        from rouxing.orgs.models import Org

        return Org.objects.get(code=code)

    def user(self, username: str):
        from rouxing.orgs.models import User

        return User.objects.get(username=username)

    def client(self, username: str):
        from django.test import Client

        client = Client()
        user = self.user(username)
        client.force_login(user)
        verify_two_factor(client, user)
        return client

    def party(self, org_code: str, **filters):
        from rouxing.parties.models import Party

        return Party.objects.filter(org__code=org_code, **filters).order_by("pk").first()


def verify_two_factor(client, user) -> None:
    """Mark a force-logged-in client as verified by a confirmed TOTP device when the user's role requires two
    factors (the administrator roles: orgs.twofactor), as the login with the code does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rouxing.orgs.twofactor import two_factor_required

    if not two_factor_required(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试设备", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def shared_dir() -> Path:
    return SHARED
