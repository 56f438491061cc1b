"""Version validity (issue 14): a 试行 version's end date, and withdrawal (撤回) of a published version, which is then
never applied, not even through a 从旧兼从轻 comparison (行政处罚法 art. 37)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rouxing.core.models import AuditEvent
from rouxing.lists import services
from rouxing.lists.decisions import evaluate
from rouxing.lists.models import ListVersion
from rouxing.lists.selectors import version_in_force

pytestmark = pytest.mark.django_db
SM_NP2 = "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的"


def mining_facts(**overrides) -> dict:
    """Seed 000 annex 1 item 2 for a mining company: the demo list (一般行业 only) refuses it."""
    data = {"org": "三明市应急管理局", "violation": SM_NP2, "party": {"kind": "enterprise", "industry": "mining"},
            "first_violation": True, "corrected": "within_deadline", "harm": "none"}
    data.update(overrides)
    return data


def _publish(demo, label, effective_from, *, lenient, valid_until=None):
    """A new 三明 version from `effective_from`; `lenient` drops item 2's 一般行业 condition (mining then qualifies)."""
    admin = demo.user("sm_listadmin")
    base = ListVersion.objects.get(org__code="SM-YJJ", label="2022-1")
    draft = services.version_create_draft(org=base.org, user=admin, label=label, based_on=base, change_reason="调整")
    if lenient:
        item = draft.items.get(list_kind="no_penalty", seq=2)
        services.item_update(item=item, user=admin, reason="高危行业首违亦可不罚", expected_version=item.lock_version,
                             data={"conditions": [c for c in item.conditions if c["id"] != "general_industry"]})
    services.version_submit(version=draft, user=admin)
    services.version_file(version=draft, user=draft.org.justice_bureau.users.filter(role="supervisor").first(), filing_no=f"明司备〔2024〕{label}号",
                          filing_date=effective_from - dt.timedelta(days=10))
    return services.version_publish(version=draft, user=admin, effective_from=effective_from, valid_until=valid_until)


def test_a_trial_version_no_longer_applies_after_its_end_date(demo):
    # given a 试行 version valid from 2025-01-01 to 2025-12-31
    trial = _publish(demo, "试行-1", dt.date(2025, 1, 1), lenient=True, valid_until=dt.date(2025, 12, 31))
    assert trial.effective_to == dt.date(2026, 1, 1)
    # then it applies on its last day, and not on the day after
    assert evaluate(mining_facts(date="2025-12-31"))["outcome"] == "no_penalty"
    after = evaluate(mining_facts(date="2026-01-01"))
    assert after["outcome"] != "no_penalty"
    assert version_in_force(org=trial.org, day=dt.date(2025, 12, 31)).pk == trial.pk
    assert version_in_force(org=trial.org, day=dt.date(2026, 1, 1)) is None


def test_an_end_date_before_the_effective_date_is_refused(demo):
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=admin.org, user=admin, label="试行-2", change_reason="调整")
    services.version_submit(version=draft, user=admin)
    services.version_file(version=draft, user=draft.org.justice_bureau.users.filter(role="supervisor").first(), filing_no="明司备〔2024〕2号", filing_date=dt.date(2024, 12, 1))
    with pytest.raises(ValidationError) as err:
        services.version_publish(version=draft, user=admin, effective_from=dt.date(2025, 1, 1),
                                 valid_until=dt.date(2024, 12, 31))
    assert "有效期至不能早于施行日期" in str(err.value)
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.FILED and draft.effective_from is None and draft.valid_until is None
    assert ListVersion.objects.get(org__code="SM-YJJ", label="2022-1").status == ListVersion.Status.PUBLISHED


def test_superseding_keeps_an_earlier_trial_end(demo):
    trial = _publish(demo, "试行-3", dt.date(2025, 1, 1), lenient=True, valid_until=dt.date(2025, 6, 30))
    _publish(demo, "2026-1", dt.date(2026, 1, 1), lenient=False)
    trial.refresh_from_db()
    assert trial.status == ListVersion.Status.SUPERSEDED and trial.effective_to == dt.date(2025, 7, 1)


def test_a_withdrawn_version_is_never_used_by_art_37(demo):
    # given a lenient version in force in the first half of 2025, replaced by a strict one from 2025-06-01
    lenient = _publish(demo, "2025-宽", dt.date(2025, 1, 1), lenient=True)
    _publish(demo, "2025-严", dt.date(2025, 6, 1), lenient=False)
    facts = mining_facts(date="2025-07-01", violation_date="2025-02-01")
    # and a violation committed under the lenient one gets its benefit (从旧兼从轻)
    decision = evaluate(facts)
    assert decision["outcome"] == "no_penalty" and 37 in {b["article"] for b in decision["legal_basis"]}
    # when the lenient version is withdrawn with a reason
    admin = demo.user("sm_listadmin")
    services.version_withdraw(version=lenient, user=admin, reason="该版本删除一般行业限制超出法定权限，予以撤回")
    # then it is no longer used for the comparison nor on its own dates
    decision = evaluate(facts)
    assert decision["outcome"] != "no_penalty"
    assert "2025-宽" not in decision["list_version"]
    assert evaluate(mining_facts(date="2025-03-01"))["outcome"] != "no_penalty"
    lenient.refresh_from_db()
    assert lenient.status == ListVersion.Status.WITHDRAWN and lenient.withdrawn_at is not None
    event = AuditEvent.objects.get(event="list_version.withdraw", object_id=str(lenient.pk))
    assert event.detail["reason"].startswith("该版本删除一般行业限制") and event.detail["status_before"] == "superseded"


def test_withdrawal_needs_a_reason_a_public_version_and_a_list_admin(demo):
    version = ListVersion.objects.get(org__code="SM-YJJ", label="2022-1")
    count = AuditEvent.objects.filter(event="list_version.withdraw").count()
    with pytest.raises(ValidationError) as err:
        services.version_withdraw(version=version, user=demo.user("sm_listadmin"), reason="  ")
    assert "撤回理由" in str(err.value)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.version_withdraw(version=version, user=demo.user("sm_officer1"), reason="理由")
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=admin.org, user=admin, label="撤回-草稿", change_reason="调整")
    with pytest.raises(ValidationError) as err:
        services.version_withdraw(version=draft, user=admin, reason="理由")
    assert "不能变更为“已撤回”" in str(err.value)
    version.refresh_from_db()
    draft.refresh_from_db()
    assert version.status == ListVersion.Status.PUBLISHED and draft.status == ListVersion.Status.DRAFT
    assert AuditEvent.objects.filter(event="list_version.withdraw").count() == count


def test_withdraw_through_the_page_keeps_the_typed_reason_on_error_and_shows_it_after(demo):
    version = ListVersion.objects.get(org__code="SM-YJJ", label="2022-1")
    client = demo.client("sm_listadmin")
    url = reverse("lists:version_withdraw", args=[version.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "请填写理由" in response.content.decode()
    version.refresh_from_db()
    assert version.status == ListVersion.Status.PUBLISHED
    assert demo.client("sm_officer1").post(url, {"reason": "越权"}).status_code == 403
    response = client.post(url, {"reason": "依上级通知撤回"}, follow=True)
    html = response.content.decode()
    assert "已撤回" in html and "依上级通知撤回" in html
    version.refresh_from_db()
    assert version.status == ListVersion.Status.WITHDRAWN
    assert version_in_force(org=version.org, day=dt.date(2024, 6, 1)) is None
