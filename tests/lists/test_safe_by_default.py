"""Safe by default (issue 14): an item without structured conditions never applies, and a version with such an
item (or one without a catalogue link) cannot be submitted, filed or published; `lint-lists` reports it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from rouxing.core.models import AuditEvent
from rouxing.lists import decisions, services
from rouxing.lists.conditions import NEVER_APPLIES, RULE_CATALOGUE, RULE_CONDITIONS
from rouxing.lists.decisions import evaluate
from rouxing.lists.loaders import version_to_rule_dict
from rouxing.lists.models import ListItem, ListVersion

pytestmark = pytest.mark.django_db
BASIS = [{"law": "中华人民共和国行政处罚法", "article": 33, "paragraph": 1, "text": "不予行政处罚"}]
SM_NP2 = "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的"


def _draft_with_bare_item(demo, label="safe-1", **item):
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=demo.org("SM-YJJ"), user=admin, label=label, change_reason="测试")
    data = {"list_kind": "no_penalty", "name": "已按照规定开展安全生产教育和培训，但未如实记录培训内容的",
            "situation": "涉及人员10人以下的。", "basis": BASIS, "measures": ["说服教育"]}
    data.update(item)
    added = services.item_create(version=draft, user=admin, reason="新增事项", data=data)
    return admin, draft, added


def _events(version) -> int:
    return AuditEvent.objects.filter(object_type="lists.ListVersion", object_id=str(version.pk)).count()


def test_submit_is_refused_while_an_item_lacks_conditions_and_link(demo):
    # given a draft with one item entered as text only
    admin, draft, added = _draft_with_bare_item(demo)
    before = _events(draft)
    # when it is submitted
    with pytest.raises(ValidationError) as err:
        services.version_submit(version=draft, user=admin)
    # then the message names both rules and the item, and nothing changed
    message = " ".join(err.value.messages)
    assert RULE_CONDITIONS in message and RULE_CATALOGUE in message
    assert f"不予行政处罚清单第{added.seq}项" in message and "未如实记录培训内容" in message
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.DRAFT and draft.submitted_at is None
    assert _events(draft) == before


def test_an_item_with_conditions_but_no_catalogue_link_is_refused_too(demo):
    conditions = [{"id": "first", "label": "初次违法", "when": {"fact": "first_violation", "op": "eq", "value": True}}]
    admin, draft, _added = _draft_with_bare_item(demo, conditions=conditions, violations=["NOT-IN-CATALOGUE"])
    with pytest.raises(ValidationError) as err:
        services.version_submit(version=draft, user=admin)
    message = " ".join(err.value.messages)
    assert RULE_CATALOGUE in message and RULE_CONDITIONS not in message
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.DRAFT


def test_filing_and_publishing_are_refused_for_an_unconditioned_item(demo):
    # given a version that reached 已提交审核 before its item lost its conditions (data entered before the rule)
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=demo.org("SM-YJJ"), user=admin, label="safe-2", change_reason="测试")
    services.version_submit(version=draft, user=admin)
    item = draft.items.get(list_kind="no_penalty", seq=2)
    ListItem.objects.filter(pk=item.pk).update(conditions=[])
    before = _events(draft)
    # when it is filed
    with pytest.raises(ValidationError) as err:
        services.version_file(version=draft, user=draft.org.justice_bureau.users.filter(role="supervisor").first(), filing_no="明司备〔2026〕3号", filing_date=dt.date(2026, 1, 5))
    # then 备案 is refused naming the rule, and nothing changed
    assert "不能备案" in err.value.messages[0] and RULE_CONDITIONS in err.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.SUBMITTED and draft.filing_no == "" and draft.content_hash == ""
    # and a filed version whose item is emptied cannot be published either
    ListItem.objects.filter(pk=item.pk).update(conditions=item.conditions)
    services.version_file(version=draft, user=draft.org.justice_bureau.users.filter(role="supervisor").first(), filing_no="明司备〔2026〕3号", filing_date=dt.date(2026, 1, 5))
    ListItem.objects.filter(pk=item.pk).update(conditions=[])
    ListVersion.objects.filter(pk=draft.pk).update(content_hash=draft.compute_hash())  # filed as it now reads
    draft.refresh_from_db()
    before = _events(draft)
    with pytest.raises(ValidationError) as err:
        services.version_publish(version=draft, user=admin, effective_from=dt.date(2026, 2, 1))
    assert RULE_CONDITIONS in " ".join(err.value.messages)
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.FILED and draft.effective_from is None and draft.published_at is None
    assert _events(draft) == before
    assert ListVersion.objects.get(org=draft.org, label="2022-1").status == ListVersion.Status.PUBLISHED


def test_importing_and_publishing_a_dict_with_a_bare_item_stores_nothing(demo):
    org = demo.org("CJ-YJJ")
    count = ListVersion.objects.filter(org=org).count()
    data = {"version": "bare-1", "effective_from": "2026-01-01", "items": [
        {"list": "no_penalty", "seq": 1, "name": "某事项", "situation": "情形", "basis": BASIS,
         "violations": ["AQSC-097-05"], "conditions": []}]}
    with pytest.raises(ValidationError) as err:
        services.version_import_dict(org=org, data=data)
    assert "不能公布" in err.value.messages[0] and RULE_CONDITIONS in err.value.messages[0]
    assert ListVersion.objects.filter(org=org).count() == count


def test_an_item_without_conditions_never_applies(demo):
    # given the published 三明 version whose no_penalty item 2 lost its conditions (data from before the rule)
    version = ListVersion.objects.get(org__code="SM-YJJ", label="2022-1")
    item = version.items.get(list_kind="no_penalty", seq=2)
    assert decisions.evaluate({"org": "三明市应急管理局", "date": "2024-06-01", "violation": SM_NP2,
                               "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
                               "corrected": "within_deadline", "harm": "none"})["list_item"]["seq"] == 2
    ListItem.objects.filter(pk=item.pk).update(conditions=[])
    decisions._source_cache.clear()
    # when cases that the item must never cover are decided: refused correction, serious harm, an accident,
    # a hazardous-chemicals company, and even the ideal case
    cases = [
        {"corrected": "refused", "harm": "none"},
        {"corrected": "within_deadline", "harm": "serious"},
        {"corrected": "within_deadline", "harm": "none", "circumstances": ["accident"]},
        {"corrected": "within_deadline", "harm": "none",
         "party": {"kind": "enterprise", "industry": "hazardous_chemicals"}},
        {"corrected": "within_deadline", "harm": "none"},
    ]
    for overrides in cases:
        facts = {"org": "三明市应急管理局", "date": "2024-06-01", "violation": SM_NP2,
                 "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True, **overrides}
        decision = evaluate(facts)
        # then the item is never the one applied, and no case gets 不予行政处罚 from it
        applied = decision["list_item"]
        assert applied is None or (applied["list"], applied["seq"]) != ("no_penalty", 2), overrides
        assert decision["outcome"] != "no_penalty", overrides
    decisions._source_cache.clear()


def test_the_engine_form_of_an_unconditioned_item_carries_a_condition_that_never_holds(demo):
    admin, draft, added = _draft_with_bare_item(demo, label="safe-3")
    engine_items = {(i["list"], i["seq"]): i for i in version_to_rule_dict(draft)["items"]}
    entered_items = {(i["list"], i["seq"]): i for i in version_to_rule_dict(draft, include_meta=False)["items"]}
    assert engine_items[("no_penalty", added.seq)]["conditions"] == [NEVER_APPLIES]
    assert entered_items[("no_penalty", added.seq)]["conditions"] == []
    # items with conditions are handed over unchanged
    assert engine_items[("no_penalty", 2)]["conditions"] == entered_items[("no_penalty", 2)]["conditions"] != []


def test_lint_lists_reports_missing_conditions_and_catalogue_link(demo):
    _admin, draft, added = _draft_with_bare_item(demo, label="safe-4")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("lint_lists", "--org", "SM-YJJ", "--label", "safe-4", stdout=out)
    report = out.getvalue()
    assert exit_info.value.code == 1
    assert f"不予行政处罚清单第{added.seq}项" in report
    assert RULE_CONDITIONS in report and RULE_CATALOGUE in report


def test_demo_lists_pass_the_readiness_rules(demo):
    from rouxing.lists.conditions import readiness_problems, version_item_dicts
    from rouxing.lists.models import Violation

    codes = set(Violation.objects.values_list("code", flat=True))
    versions = ListVersion.objects.filter(status=ListVersion.Status.PUBLISHED)
    assert versions.count() >= 3
    for version in versions:
        assert readiness_problems(version_item_dicts(version), codes) == [], version
