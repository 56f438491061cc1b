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
        client.force_login(self.user(username))
        return client

    def party(self, org_code: str, **filters):
        from rouxing.parties.models import Party

        return Party.objects.filter(org__code=org_code, **filters).order_by("pk").first()


@pytest.fixture
def shared_dir() -> Path:
    return SHARED
