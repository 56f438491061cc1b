"""Identifiers that rule data carries are checked at the model boundary: 机关代码 (Org.code), 规则编号
(ListItem.rule_id) and the keys of 自定义条件 (ListVersion.declared_facts) follow a strict pattern, so a newline,
a quote or a control character never reaches the decision engine (which refuses them too)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rouxing.core.validators import validate_declared_facts, validate_org_code, validate_rule_id
from rouxing.lists.models import ListItem, ListVersion
from rouxing.orgs.models import Org

HOSTILE = ["SM-YJJ\n", "SM'YJJ", 'SM"YJJ', "SM\x00", "SM\x1b", "SM YJJ", "SM\\YJJ", "SM;YJJ", "三明", "-SM"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_org_code_is_refused(value):
    with pytest.raises(ValidationError) as err:
        validate_org_code(value)
    assert "机关代码" in str(err.value)


@pytest.mark.parametrize("value", ["SM-YJJ", "C-YJJ", "T", "JL_YJJ2"])
def test_ordinary_org_codes_pass(value):
    validate_org_code(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_rule_id_is_refused(value):
    with pytest.raises(ValidationError) as err:
        validate_rule_id(value)
    assert "规则编号" in str(err.value)


def test_blank_rule_id_is_allowed_and_ordinary_ids_pass():
    for value in ("", "SM-NP-1", "MX-SM-RD-2", "a.b_c-1"):
        validate_rule_id(value)


@pytest.mark.parametrize("key", ["no_fatal\naccident", "x'", 'x"', "x\x07", "X_upper", "1x", "x-y", "", None])
def test_hostile_declared_fact_key_is_refused(key):
    with pytest.raises(ValidationError) as err:
        validate_declared_facts([{"key": key, "label": "条件", "type": "bool"}])
    assert "声明条件的键" in str(err.value)


def test_declared_fact_keys_must_be_unique_and_a_list():
    validate_declared_facts([{"key": "no_fatal_accident_3y", "label": "3年内未发生死亡事故", "type": "bool"}])
    with pytest.raises(ValidationError):
        validate_declared_facts([{"key": "a", "type": "bool"}, {"key": "a", "type": "bool"}])
    with pytest.raises(ValidationError):
        validate_declared_facts({"key": "a"})


@pytest.mark.django_db
def test_model_fields_carry_the_validators(demo):
    # given stored demo rows, when a hostile identifier is put on each field, then full_clean refuses it and the
    # stored row is unchanged
    org = demo.org("SM-YJJ")
    org.code = "SM-YJJ\nimport os"
    with pytest.raises(ValidationError) as err:
        org.full_clean()
    assert "code" in err.value.message_dict
    assert Org.objects.filter(code="SM-YJJ").exists()
    item = ListItem.objects.filter(version__org__code="SM-YJJ").exclude(rule_id="").first()
    stored = item.rule_id
    item.rule_id = "SM-NP-1'); x('"
    with pytest.raises(ValidationError) as err:
        item.clean_fields()
    assert "rule_id" in err.value.message_dict
    assert ListItem.objects.get(pk=item.pk).rule_id == stored
    version = ListVersion.objects.filter(org__code="SM-YJJ").first()
    version.declared_facts = [{"key": "bad\nkey", "label": "x", "type": "bool"}]
    with pytest.raises(ValidationError) as err:
        version.clean_fields()
    assert "declared_facts" in err.value.message_dict
