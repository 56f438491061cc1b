"""Test data for the lists pages: a published 三明 version (items from seed 000 annexes 1–4)."""

from __future__ import annotations

import datetime as dt

PUNISH_33 = {"law": "中华人民共和国行政处罚法", "article": 33, "paragraph": 1,
             "text": "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"}
PUNISH_32 = {"law": "中华人民共和国行政处罚法", "article": 32,
             "text": "当事人有下列情形之一，应当从轻或者减轻行政处罚：（一）主动消除或者减轻违法行为危害后果的；"}
FIRST = {"id": "first", "label": "属于首次被发现", "when": {"fact": "first_violation", "op": "eq", "value": True},
         "exclusion": "not_first_violation"}
GENERAL = {"id": "general_industry", "label": "一般行业生产经营单位",
           "when": {"fact": "party.industry", "op": "in", "value": ["general"]}, "exclusion": "high_risk_industry"}
ELIMINATED = {"id": "eliminated", "label": "主动消除或者减轻违法行为危害后果",
              "when": {"fact": "circumstances", "op": "has", "value": "actively_eliminated_harm"}}
COERCED = {"id": "coerced", "label": "受他人胁迫或者诱骗实施违法行为",
           "when": {"fact": "circumstances", "op": "has", "value": "coerced_or_induced"}}
MEASURES = ["说服教育", "行政建议", "行政告诫", "行政约谈"]


def sample_version_dict(label: str = "T-2022", effective_from: str = "2022-05-01") -> dict:
    return {
        "version": label, "title": "三明市应急管理局柔性执法四张清单（测试）", "effective_from": effective_from,
        "filing_no": "明司备〔2022〕7号", "note": "说明：本系统不存在不予行政强制事项。",
        "items": [
            {"list": "no_penalty", "seq": 1, "code": "AQSC-T-01", "violations": ["AQSC-097-05"], "name": "生产经营单位未向从业人员通报事故隐患排查治理情况的",
             "situation": "一般生产经营单位有证据证明开展了隐患排查治理工作，但未向从业人员通报，属于首次被发现、及时纠正、没有造成危害后果的。",
             "conditions": [GENERAL, FIRST], "basis": [PUNISH_33], "measures": MEASURES},
            {"list": "no_penalty", "seq": 2, "code": "AQSC-T-02", "violations": ["AQSC-097-01"],
             "name": "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的",
             "situation": "一般行业生产经营单位，属于首次被发现、责令限期改正后及时改正、没有造成危害后果的。",
             "conditions": [GENERAL, FIRST], "basis": [PUNISH_33], "measures": MEASURES},
            {"list": "no_penalty", "seq": 3, "code": "AQSC-T-03", "violations": ["AQSC-097-04"], "name": "生产经营单位未如实记录安全生产教育和培训情况的",
             "situation": "一般行业生产经营单位有证据证明已按规定进行了安全生产教育和培训，但未如实记录的。",
             "conditions": [FIRST], "basis": [PUNISH_33], "measures": ["说服教育"]},
            {"list": "reduced", "seq": 1, "code": "AQSC-T-11", "violations": ["AQSC-101-05"], "name": "生产经营单位未建立事故隐患排查治理制度的",
             "situation": "主动消除或者减轻违法行为危害后果的。", "conditions": [ELIMINATED],
             "basis": [PUNISH_32], "measures": ["行政告诫"]},
            {"list": "lighter", "seq": 1, "code": "AQSC-T-21", "violations": ["AQSC-102-00"], "name": "生产经营单位未将事故隐患排查治理情况如实记录的",
             "situation": "受他人胁迫或者诱骗实施违法行为的。", "conditions": [COERCED],
             "basis": [PUNISH_32], "measures": ["行政约谈"]},
        ],
    }


def sm_version_in_force():
    """The version of 三明市应急管理局 in force today: the demo data's, or a test one published now."""
    from django.utils import timezone

    from rouxing.lists import services
    from rouxing.lists.selectors import version_in_force
    from rouxing.orgs.models import Org

    org = Org.objects.get(code="SM-YJJ")
    version = version_in_force(org=org, day=timezone.localdate())
    if version is None:
        version = services.version_import_dict(org=org, data=sample_version_dict())
    return version


def make_draft(user, label: str = "T-draft"):
    """A draft of 三明 copied from the version in force, made by `user` (a list admin)."""
    from rouxing.lists import services

    base = sm_version_in_force()
    return services.version_create_draft(org=base.org, user=user, label=label, based_on=base,
                                         change_reason="测试调整")


def advance_to_filed(version, user, filing_date: dt.date | None = None):
    from rouxing.lists import services
    from rouxing.orgs.models import Role, User

    services.version_submit(version=version, user=user)
    supervisor = User.objects.filter(org=version.org.justice_bureau, role=Role.SUPERVISOR).first()
    return services.version_file(version=version, user=supervisor, filing_no="明司备〔2026〕1号",
                                 filing_date=filing_date or dt.date(2026, 1, 5))
