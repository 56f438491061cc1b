"""The 清单版本 status machine: protected status, each transition's permission refused with a Chinese
message and nothing changed, and the version page's buttons taken from the open transitions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from rouxing.lists import filing, services
from rouxing.lists.models import ListFiling, ListVersion

try:
    from lists_testdata import advance_to_filed, make_draft, sm_version_in_force
except ImportError:  # tests/lists collected as a package
    from .lists_testdata import advance_to_filed, make_draft, sm_version_in_force  # type: ignore[no-redef]

pytestmark = pytest.mark.django_db

ADMIN_ONLY = "只有本机关的清单管理员或负责人可以调整清单。"
SUPERVISOR_ONLY = "清单备案只能由监督该机关的司法局监督员办理（报送机关不能自行登记备案）。"


def _row(version: ListVersion) -> dict:
    return ListVersion.objects.filter(pk=version.pk).values(
        "status", "submitted_at", "filing_no", "filing_date", "effective_from", "effective_to", "published_at",
        "withdrawn_at", "withdraw_reason", "lock_version").get()


def _open(version: ListVersion, user) -> list[str]:
    return sorted(t.name for t in version.get_available_user_status_transitions(user))


def test_status_cannot_be_assigned_directly(demo):
    version = make_draft(demo.user("sm_listadmin"))
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        version.status = ListVersion.Status.PUBLISHED
    assert _row(version)["status"] == "draft"


def test_the_declared_transitions(demo):
    version = make_draft(demo.user("sm_listadmin"))
    edges = sorted((t.source, t.target, t.name) for t in version.get_all_status_transitions())
    assert edges == [
        ("draft", "filed", "import_filed"), ("draft", "submitted", "submit"),
        ("filed", "published", "publish"),
        ("published", "superseded", "supersede"), ("published", "withdrawn", "withdraw"),
        ("submitted", "draft", "return_filing"), ("submitted", "draft", "withdraw_submission"),
        ("submitted", "filed", "file"),
        ("superseded", "withdrawn", "withdraw"),
    ]


@pytest.mark.parametrize("username", ["sm_officer1", "mx_listadmin", "sm_supervisor"])
def test_submit_refused_to_others_changes_nothing(demo, username):
    version = make_draft(demo.user("sm_listadmin"))
    before = _row(version)
    assert "submit" not in _open(version, demo.user(username))
    with pytest.raises(PermissionDenied, match=ADMIN_ONLY):
        services.version_submit(version=version, user=demo.user(username))
    assert _row(version) == before and not version.filings.exists()


@pytest.mark.parametrize("username", ["sm_officer1", "mx_listadmin", "sm_supervisor"])
def test_withdraw_submission_refused_to_others_changes_nothing(demo, username):
    admin = demo.user("sm_listadmin")
    version = services.version_submit(version=make_draft(admin), user=admin)
    before = _row(version)
    assert "withdraw_submission" not in _open(version, demo.user(username))
    with pytest.raises(PermissionDenied, match=ADMIN_ONLY):
        services.version_return(version=version, user=demo.user(username), reason="需补充依据")
    assert _row(version) == before and version.filings.count() == 1


@pytest.mark.parametrize("username", ["sm_listadmin", "sm_approver", "mx_supervisor"])
def test_file_and_return_refused_to_all_but_the_supervising_justice_bureau(demo, username):
    admin = demo.user("sm_listadmin")
    version = services.version_submit(version=make_draft(admin), user=admin)
    before = _row(version)
    user = demo.user(username)
    assert not {"file", "return_filing"} & set(_open(version, user))
    with pytest.raises(PermissionDenied, match=SUPERVISOR_ONLY):
        filing.version_file(version=version, user=user, filing_no="明司备〔2026〕9号", filing_date=dt.date(2026, 1, 5))
    with pytest.raises(PermissionDenied, match=SUPERVISOR_ONLY):
        filing.version_filing_return(version=version, user=user, reason="依据有误")
    assert _row(version) == before
    assert list(version.filings.values_list("action", flat=True)) == [ListFiling.Action.SUBMIT]


@pytest.mark.parametrize("username", ["sm_officer1", "mx_listadmin", "sm_supervisor"])
def test_publish_refused_to_others_changes_nothing_and_supersedes_nothing(demo, username):
    admin = demo.user("sm_listadmin")
    version = advance_to_filed(make_draft(admin), admin)
    in_force = sm_version_in_force()
    before, before_in_force = _row(version), _row(in_force)
    assert "publish" not in _open(version, demo.user(username))
    with pytest.raises(PermissionDenied, match=ADMIN_ONLY):
        services.version_publish(version=version, user=demo.user(username), effective_from=dt.date(2026, 2, 1))
    assert _row(version) == before and _row(in_force) == before_in_force


@pytest.mark.parametrize("username", ["sm_officer1", "mx_listadmin", "sm_supervisor"])
def test_withdraw_refused_to_others_changes_nothing(demo, username):
    in_force = sm_version_in_force()
    before = _row(in_force)
    assert "withdraw" not in _open(in_force, demo.user(username))
    with pytest.raises(PermissionDenied, match=ADMIN_ONLY):
        services.version_withdraw(version=in_force, user=demo.user(username), reason="依据已废止")
    assert _row(in_force) == before


def test_supersede_and_import_are_never_offered_to_a_user(demo):
    """替代 happens only by publishing another version; 导入已备案 only in the system loaders."""
    admin = demo.user("sm_listadmin")
    in_force = sm_version_in_force()
    assert _open(in_force, admin) == ["withdraw"]
    assert _open(make_draft(admin), admin) == ["submit"]
    filed = advance_to_filed(make_draft(admin, label="T-2"), admin)
    services.version_publish(version=filed, user=admin, effective_from=dt.date(2026, 2, 1))
    in_force.refresh_from_db()
    assert in_force.status == "superseded" and in_force.effective_to == dt.date(2026, 2, 1)
    assert _open(in_force, admin) == ["withdraw"]


def test_version_page_buttons_follow_the_open_transitions(demo):
    admin = demo.user("sm_listadmin")
    version = make_draft(admin)
    url = reverse("lists:version", args=[version.pk])
    assert 'id="submit-version">报送备案</button>' in demo.client("sm_listadmin").get(url).content.decode()
    services.version_submit(version=version, user=admin)
    own = demo.client("sm_listadmin").get(url).content.decode()
    assert 'id="submit-version"' not in own and "撤回报送</button>" in own
    supervisor = demo.client("sm_supervisor").get(url).content.decode()
    assert "予以备案</button>" in supervisor and "退回报送机关</button>" in supervisor
    assert "撤回报送</button>" not in supervisor
