"""Pages of 行政相对人: scoping, masking, create/edit with validation and optimistic locking."""

from __future__ import annotations

import pytest

from rouxing.core.models import AuditEvent
from rouxing.parties.models import Party

from .helpers import bad_check_char, make_id_number, make_uscc

pytestmark = pytest.mark.django_db


def _party_post(**overrides):
    data = {"kind": "enterprise", "name": "明溪测试化工有限公司", "uscc": make_uscc(1), "industry": "hazardous_chemicals",
            "grade": "B", "legal_rep": "张三", "address": "明溪县城关乡", "phone": "0598-2800001"}
    data.update(overrides)
    return data


def test_list_shows_only_own_bureau_parties(demo):
    # given an officer of 明溪县
    client = demo.client("mx_officer1")
    sm_party = demo.party("SM-YJJ")
    mx_party = demo.party("MX-YJJ")
    # when the list is opened
    response = client.get("/parties/")
    # then own parties are shown, 三明's are not
    assert response.status_code == 200
    assert mx_party.name in response.text
    assert sm_party.name not in response.text


def test_list_search_by_uscc_and_industry_filter(demo):
    # given an SM officer and one SM enterprise
    party = demo.party("SM-YJJ", kind="enterprise")
    client = demo.client("sm_officer1")
    # when searching by its USCC and filtering by its industry
    response = client.get("/parties/", {"q": party.uscc.lower(), "industry": party.industry})
    # then it is listed
    assert party.name in response.text
    # and a filter for another industry hides it
    other = "mining" if party.industry != "mining" else "fireworks"
    assert party.name not in client.get("/parties/", {"q": party.uscc, "industry": other}).text


def test_list_masks_personal_numbers(demo):
    # given a natural person with an ID number and mobile phone
    person = demo.party("SM-YJJ", kind="person")
    # when an officer of the same bureau opens the list
    response = demo.client("sm_officer1").get("/parties/", {"q": person.name})
    # then only masked values are shown
    assert person.id_number not in response.text
    assert person.phone not in response.text
    assert person.masked_id_number in response.text


def test_detail_shows_full_id_to_owning_officer_and_audits_it(demo):
    person = demo.party("SM-YJJ", kind="person")
    before = AuditEvent.objects.filter(event="party.view_personal").count()
    response = demo.client("sm_officer1").get(f"/parties/{person.pk}/")
    assert person.id_number in response.text
    assert AuditEvent.objects.filter(event="party.view_personal").count() == before + 1


def test_detail_masks_for_supervisor_of_the_bureau(demo):
    # given the 三明 司法局 supervisor, who may read 三明's records
    person = demo.party("SM-YJJ", kind="person")
    response = demo.client("sm_supervisor").get(f"/parties/{person.pk}/")
    assert response.status_code == 200
    assert person.id_number not in response.text
    assert person.masked_id_number in response.text


def test_other_bureau_party_detail_and_edit_give_404(demo):
    party = demo.party("SM-YJJ")
    client = demo.client("mx_officer1")
    assert client.get(f"/parties/{party.pk}/").status_code == 404
    assert client.get(f"/parties/{party.pk}/edit/").status_code == 404


def test_create_enterprise_is_saved_and_audited(demo):
    client = demo.client("mx_officer1")
    response = client.post("/parties/new/", _party_post())
    party = Party.objects.get(org__code="MX-YJJ", uscc=make_uscc(1))
    assert response.status_code == 302
    assert party.industry == "hazardous_chemicals"
    assert AuditEvent.objects.filter(event="party.create", object_id=str(party.pk)).exists()


def test_create_with_bad_uscc_check_char_keeps_input_and_explains(demo):
    bad = bad_check_char(make_uscc(2))
    response = demo.client("mx_officer1").post("/parties/new/", _party_post(uscc=bad, name="保留的名称"))
    assert response.status_code == 200
    assert "校验位" in response.text
    assert "保留的名称" in response.text
    assert not Party.objects.filter(uscc=bad).exists()


def test_create_person_with_bad_id_number_is_refused(demo):
    good = make_id_number()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = demo.client("mx_officer1").post("/parties/new/", _party_post(kind="person", uscc="", id_number=bad))
    assert "身份证号码无效" in response.text
    assert not Party.objects.filter(id_number=bad).exists()


def test_duplicate_uscc_in_same_bureau_is_refused(demo):
    existing = demo.party("MX-YJJ", kind="enterprise")
    response = demo.client("mx_officer1").post("/parties/new/", _party_post(uscc=existing.uscc))
    assert "已登记" in response.text
    assert Party.objects.filter(org=existing.org, uscc=existing.uscc).count() == 1


def test_edit_saves_and_bumps_version(demo):
    party = demo.party("MX-YJJ", kind="enterprise")
    client = demo.client("mx_officer1")
    data = _party_post(name=party.name, uscc=party.uscc, industry=party.industry, grade="A", standardized="on",
                       lock_version=party.lock_version)
    response = client.post(f"/parties/{party.pk}/edit/", data)
    party.refresh_from_db()
    assert response.status_code == 302
    assert party.grade == "A" and party.standardized is True


def test_concurrent_edit_is_refused_with_message(demo):
    # given two officers who loaded version N; the first saves
    party = demo.party("MX-YJJ", kind="enterprise")
    loaded = party.lock_version
    first = _party_post(name=party.name, uscc=party.uscc, industry=party.industry, grade="A", lock_version=loaded)
    second = _party_post(name="后来者改的名称", uscc=party.uscc, industry=party.industry, grade="D",
                         lock_version=loaded)
    demo.client("mx_officer1").post(f"/parties/{party.pk}/edit/", first)
    # when the second saves with the stale version
    response = demo.client("mx_officer2").post(f"/parties/{party.pk}/edit/", second)
    # then it is refused, the typed name is kept on the form, and the first edit stands
    party.refresh_from_db()
    assert "已被他人修改" in response.text
    assert "后来者改的名称" in response.text
    assert party.grade == "A" and party.name != "后来者改的名称"


def test_supervisor_cannot_create_or_edit(demo):
    party = demo.party("SM-YJJ", kind="enterprise")
    client = demo.client("sm_supervisor")
    before = party.lock_version
    assert client.post("/parties/new/", _party_post(uscc=make_uscc(3))).status_code == 403
    assert client.post(f"/parties/{party.pk}/edit/", _party_post(uscc=party.uscc, lock_version=before)).status_code \
        == 403
    party.refresh_from_db()
    assert party.lock_version == before
    assert not Party.objects.filter(uscc=make_uscc(3)).exists()


def test_credit_record_added_from_detail_page(demo):
    party = demo.party("MX-YJJ", kind="enterprise")
    response = demo.client("mx_officer1").post(f"/parties/{party.pk}/credit/", {
        "kind": "accident", "occurred_on": "2025-03-01", "description": "一般事故"})
    assert response.status_code == 302
    assert party.credit_records.filter(kind="accident").exists()


def test_credit_record_with_expiry_before_date_is_refused(demo):
    party = demo.party("MX-YJJ", kind="enterprise")
    response = demo.client("mx_officer1").post(f"/parties/{party.pk}/credit/", {
        "kind": "accident", "occurred_on": "2025-03-01", "expires_on": "2025-01-01"})
    assert response.status_code == 400
    assert "期限届满日不能早于" in response.text
    assert not party.credit_records.filter(kind="accident").exists()


def test_export_masks_personal_numbers_neutralises_formulas_and_is_audited(demo):
    import io

    from openpyxl import load_workbook

    # given a person's record and an enterprise whose name looks like a formula
    person = demo.party("SM-YJJ", kind="person")
    company = demo.party("SM-YJJ", kind="enterprise")
    Party.objects.filter(pk=company.pk).update(name="=HYPERLINK(\"http://x\")公司")
    # when the list is exported
    response = demo.client("sm_officer1").get("/parties/export.xlsx")
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    flat = [str(v) for row in rows for v in row if v is not None]
    # then numbers are masked, the formula is inert text, and the export is recorded
    assert person.id_number not in flat and person.masked_id_number in flat
    assert "'=HYPERLINK(\"http://x\")公司" in flat
    assert AuditEvent.objects.filter(event="party.export", actor_name="sm_officer1").exists()


def test_list_is_paginated(demo):
    response = demo.client("sm_officer1").get("/parties/", {"page": 1})
    assert "第1/" in response.text


def _publicity(party, **extra):
    from rouxing.parties.models import CreditRecord

    return CreditRecord.objects.create(party=party, org=party.org, kind="penalty_publicity",
                                       occurred_on="2025-01-01", **extra)


def test_withdrawing_publicity_records_the_date(demo):
    record = _publicity(demo.party("MX-YJJ"), expires_on="2025-07-01")
    response = demo.client("mx_officer1").post(f"/parties/credit/{record.pk}/withdraw/",
                                               {"lock_version": record.lock_version})
    record.refresh_from_db()
    assert response.status_code == 302
    assert record.withdrawn_on is not None
    assert AuditEvent.objects.filter(event="credit_record.withdraw", object_id=str(record.pk)).exists()


def test_withdrawing_with_a_stale_version_changes_nothing(demo):
    record = _publicity(demo.party("MX-YJJ"), expires_on="2025-07-01")
    client = demo.client("mx_officer1")
    response = client.post(f"/parties/credit/{record.pk}/withdraw/", {"lock_version": record.lock_version + 5},
                           follow=True)
    record.refresh_from_db()
    assert record.withdrawn_on is None
    assert "已被他人修改" in response.text


def test_other_bureau_cannot_withdraw_publicity(demo):
    record = _publicity(demo.party("SM-YJJ"), expires_on="2025-07-01")
    response = demo.client("mx_officer1").post(f"/parties/credit/{record.pk}/withdraw/", {"lock_version": 0})
    record.refresh_from_db()
    assert response.status_code == 404
    assert record.withdrawn_on is None
