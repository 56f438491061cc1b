"""List linting (清单检查): each defect kind on a synthetic version, the demo lists clean, and the command."""

from __future__ import annotations

import copy
import io

import pytest
from django.core.management import call_command

from rouxing.lists.linting import lint_rule_dict, lint_version
from rouxing.lists.models import ListVersion
from rouxing.lists.services import item_update, version_create_draft

A33 = [{"law": "中华人民共和国行政处罚法", "article": 33, "paragraph": 1, "text": "不予行政处罚"}]


def _cond(cid, fact, op, value, label="条件"):
    return {"id": cid, "label": label, "when": {"fact": fact, "op": op, "value": value}}


def _item(seq, list_kind="no_penalty", **kw):
    data = {"id": f"X-{list_kind}-{seq}", "list": list_kind, "seq": seq, "name": f"事项{seq}", "violations": ["V-1"],
            "situation": "情形", "conditions": [_cond("first", "first_violation", "eq", True)], "basis": A33,
            "measures": ["说服教育"]}
    data.update(kw)
    return data


def _version(*items, scope=()):
    return {"org": {"code": "X", "name": "某局"}, "version": "X-1", "effective_from": "2022-01-01",
            "declared_facts": [], "scope_exclusions": list(scope), "items": list(items)}


def _codes(data):
    return sorted(f.code for f in lint_rule_dict(data))


def test_clean_version_has_no_findings():
    other = _item(1, "lighter", violations=["V-2"], name="事项2")
    assert lint_rule_dict(_version(_item(1), other)) == []


def test_item_without_legal_basis_is_an_error():
    findings = lint_rule_dict(_version(_item(1, basis=[])))
    assert [f.code for f in findings] == ["missing_basis"]
    assert findings[0].is_error and "依据" in findings[0].message


@pytest.mark.parametrize("conditions", [
    [_cond("a", "harm", "eq", "none"), _cond("b", "harm", "in", ["minor", "serious"])],
    [_cond("a", "party.industry", "in", ["general"]), _cond("b", "party.industry", "eq", "mining")],
    [_cond("a", "circumstances", "has", "accident"), _cond("b", "circumstances", "lacks", "accident")],
    [_cond("a", "party.age", "gte", 18), _cond("b", "party.age", "lte", 16)],
    [_cond("a", "first_violation", "eq", True), _cond("b", "first_violation", "ne", True)],
])
def test_conditions_that_can_never_hold_are_an_error(conditions):
    assert _codes(_version(_item(1, conditions=conditions))) == ["never_holds"]


def test_item_emptied_by_a_scope_exclusion_is_an_error():
    scope = {"id": "acc", "code": "accident", "label": "发生事故的除外", "lists": ["no_penalty"],
             "when": {"fact": "circumstances", "op": "has", "value": "accident"}}
    item = _item(1, conditions=[_cond("a", "circumstances", "has", "accident")])
    findings = lint_rule_dict(_version(item, scope=[scope]))
    assert [f.code for f in findings] == ["scope_empties"]
    assert "发生事故的除外" in findings[0].message


def test_same_violation_no_penalty_and_lighter_under_same_facts_is_an_overlap():
    findings = lint_rule_dict(_version(_item(1), _item(1, "lighter")))
    assert [f.code for f in findings] == ["overlap"]
    assert "不予行政处罚清单" in findings[0].message or "不予行政处罚清单" in findings[0].item


def test_items_of_two_lists_distinguished_by_facts_do_not_overlap():
    lighter = _item(1, "lighter", conditions=[_cond("x", "first_violation", "eq", False)])
    assert lighter["violations"] == _item(1)["violations"]
    assert lint_rule_dict(_version(_item(1), lighter)) == []


def test_two_items_of_one_list_with_different_measures_conflict():
    findings = lint_rule_dict(_version(_item(1), _item(2, measures=["行政约谈"])))
    assert [f.code for f in findings] == ["conflict"]


def test_uncompilable_condition_is_reported():
    item = _item(1, conditions=[_cond("a", "weather", "eq", "rain")])
    assert _codes(_version(item)) == ["invalid_rule"]


def test_unknown_catalogue_code_is_a_warning():
    findings = lint_rule_dict(_version(_item(1)), catalogue_codes={"V-2"})
    # the only code named is unknown, so the item also has no catalogue link (an error that blocks submitting)
    assert [(f.code, f.severity) for f in findings] == [("no_catalogue_link", "error"), ("unknown_violation", "warning")]


@pytest.mark.django_db
def test_demo_versions_lint_clean(demo):
    # given the three demo bureaus' published versions / then none has an error
    for version in ListVersion.objects.filter(status=ListVersion.Status.PUBLISHED):
        assert [str(f) for f in lint_version(version) if f.is_error] == [], version


@pytest.mark.django_db
def test_lint_lists_command_exits_1_with_a_chinese_report(demo):
    # given a draft of 三明 whose no_penalty item 2 gets contradictory conditions
    admin = demo.user("sm_listadmin")
    draft = version_create_draft(org=demo.org("SM-YJJ"), user=admin, label="lint-test", change_reason="检查")
    item = draft.items.get(list_kind="no_penalty", seq=2)
    bad = copy.deepcopy(item.conditions) + [_cond("harm_serious", "harm", "eq", "serious", "危害后果严重")]
    item_update(item=item, user=admin, data={"conditions": bad}, reason="测试矛盾条件", expected_version=item.lock_version)
    out = io.StringIO()
    # when the command checks 三明's versions
    with pytest.raises(SystemExit) as exit_info:
        call_command("lint_lists", "--org", "SM-YJJ", stdout=out)
    # then it fails with a Chinese report naming the item
    assert exit_info.value.code == 1
    assert "不予行政处罚清单第2项" in out.getvalue()
    assert "相互矛盾" in out.getvalue()


@pytest.mark.django_db
def test_lint_lists_command_passes_on_clean_lists(demo):
    out = io.StringIO()
    call_command("lint_lists", "--org", "CJ-YJJ", stdout=out)
    assert "未发现问题" in out.getvalue()
