"""Fixtures of the documents tests: field values per type as an officer completes them from a case."""

from __future__ import annotations

import datetime as dt

import pytest

# What each type's case supplies beyond what the source object already holds (talk time and place,
# the suggestion wording…). Values are distinctive so the tests can find them in the output.
CASE_VALUES = {
    "suggestion": {"facts": "未将事故隐患排查治理情况向从业人员通报",
                   "suggestion": "每月在信息公示栏公布隐患排查治理情况"},
    "warning": {"facts": "未如实记录安全生产教育和培训情况",
                "legal_basis": "《中华人民共和国安全生产法》第二十八条第四款", "deadline": "2024-06-20"},
    "interview": {"facts": "连续两次检查未组织应急预案演练", "talk_time": "2024-06-12T09:30",
                  "talk_place": "三明市应急管理局三楼会议室", "contact_before": "2024-06-11T17:00",
                  "contact_person": "陈立", "contact_phone": "0598-8230110"},
    "guidance": {"guidance": "建立隐患排查治理台账并每月向从业人员通报",
                 "contact_person": "郑晓燕", "contact_phone": "0598-8230111"},
    "reminder": {"behaviour": "动火作业未安排专门人员进行现场安全管理",
                 "legal_basis": "《中华人民共和国安全生产法》第四十三条",
                 "legal_provision": "生产经营单位进行爆破、吊装、动火作业应当安排专门人员进行现场安全管理"},
    "return_visit": {"party_leader": "王大山", "case_number": "明应急案〔2024〕7号", "handling_unit": "执法支队",
                     "handler": "林建平", "visitor": "郑晓燕", "visit_content": "已按期完成整改，隐患已消除",
                     "measures": "继续保持", "conduct_opinion": "执法规范", "party_suggestions": "多开展培训",
                     "party_contact_phone": "13905981234"},
    "commitment": {"inspection_date": "2024-05-08", "facts": "未如实记录安全生产教育和培训情况",
                   "legal_basis": "《中华人民共和国安全生产法》第二十八条第四款",
                   "corrective_actions": "补建培训档案并如实记录培训时间和内容", "deadline": "2024-05-31",
                   "observation_end": "2024-11-30"},
    "rectification": {"problems": "一号车间安全出口被货物堵塞", "legal_basis": "《中华人民共和国安全生产法》第四十二条第二款",
                      "deadline": "2024-05-15", "review_authority": "三明市人民政府",
                      "court": "三明市梅列区人民法院", "officers": "林建平（35040021001）、郑晓燕（35040021002）"},
    "list_publication": {"contact_person": "许文静", "contact_phone": "0598-8230112"},
    "penalty_notice": {"facts": "未如实记录安全生产教育和培训情况", "evidence": "现场检查记录、询问笔录",
                       "legal_basis": "《中华人民共和国安全生产法》第二十八条第四款",
                       "penalty_basis": "《中华人民共和国安全生产法》第九十七条第（四）项",
                       "proposed_penalty": "罚款人民币20000元", "rights": "你单位有权进行陈述和申辩",
                       "contact_person": "陈立", "contact_phone": "0598-8230110"},
    "penalty_decision": {"facts": "未如实记录安全生产教育和培训情况", "legal_basis": "《中华人民共和国安全生产法》第二十八条第四款",
                         "penalty_basis": "《中华人民共和国安全生产法》第九十七条第（四）项", "penalty": "罚款人民币20000元",
                         "statement_handling": "当事人在法定期限内未提出陈述、申辩", "payment": "罚款自收到本决定书之日起15日内缴纳",
                         "review_authority": "三明市人民政府", "court": "三明市梅列区人民法院"},
}
CHINESE_DATES = {"2024-06-20": "2024年6月20日", "2024-05-31": "2024年5月31日", "2024-05-15": "2024年5月15日",
                 "2024-06-12T09:30": "2024年6月12日9时30分", "2024-06-11T17:00": "2024年6月11日17时",
                 "2024-05-08": "2024年5月8日", "2024-11-30": "2024年11月30日"}


@pytest.fixture
def case_values():
    return CASE_VALUES


def expected_texts(doc_type: str, fields: dict[str, str]) -> list[str]:
    """The strings the filled document must contain: every field, dates in Chinese form."""
    out = []
    for value in fields.values():
        if not value:
            continue
        out.append(CHINESE_DATES.get(value, value))
    return out


class DemoCase:
    """A 三明 case built through the cases services with the real engine and the 三明 lists: inspection →
    finding (AQSC-097-04, 不予处罚清单 item 4) → rectification order, commitment, measure; a second
    party's finding corrected on reinspection, closed, and its return visit recorded. Each document
    type is issued from the step it belongs to."""

    FOUND_ON = dt.date(2024, 5, 8)
    FACTS = {"harm": "none", "substantive_compliance": True}

    def __init__(self, demo):
        from rouxing.cases import services as cs
        from rouxing.lists.models import FlexibleMethod, Violation

        self.demo = demo
        self.org = demo.org("SM-YJJ")
        self.officer = demo.user("sm_officer1")
        self.officer2 = demo.user("sm_officer2")
        parties = list(self.org.parties.filter(kind="enterprise", industry="general").order_by("pk")[:2])
        self.party, other = parties
        self.violation = Violation.objects.get(code="AQSC-097-04")
        self.inspection, self.finding = self._finding(cs, self.party, "2024年一季度安全生产教育和培训未如实记录")
        self.order = cs.rectification_order(user=self.officer, finding=self.finding, issued_on=self.FOUND_ON,
                                            period=10)
        self.commitment = cs.commitment_sign(
            user=self.officer, party=self.party, findings=[self.finding], content="补建培训档案并如实记录培训时间和内容",
            signatory=self.party.legal_rep or "负责人", deadline=dt.date(2024, 5, 31), signed_on=self.FOUND_ON)
        method = FlexibleMethod.objects.filter(code="administrative_suggestion").first() or \
            FlexibleMethod.objects.order_by("pk").first()
        self.measure = cs.measure_record(user=self.officer, party=self.party, method=method,
                                         performed_on=self.FOUND_ON, recipient=self.party.name,
                                         content="建议每季度组织一次全员培训并建立培训台账", finding=self.finding)
        self.visit = self._return_visit(cs, other)
        self.list_version = self.org.list_versions.filter(status="published").order_by("-effective_from").first()

    def _finding(self, cs, party, description: str):
        inspection = cs.inspection_create(user=self.officer, party=party, inspected_on=self.FOUND_ON,
                                          place="一号生产车间", officers=[self.officer, self.officer2])
        finding = cs.finding_record(
            user=self.officer, inspection=inspection, violation=self.violation, description=description,
            basis="《中华人民共和国安全生产法》第二十八条第四款", cause="安全管理人员离职后无人接手",
            suggested_fix="补记培训档案，明确专人负责", facts=self.FACTS,
        )
        return inspection, finding

    def _return_visit(self, cs, party):
        from rouxing.cases.models import ReturnVisit

        _inspection, finding = self._finding(cs, party, "新员工三级安全教育未记录")
        order = cs.rectification_order(user=self.officer, finding=finding, issued_on=self.FOUND_ON, period=5)
        cs.reinspection_record(user=self.officer, order=order, inspected_on=dt.date(2024, 5, 13), result="corrected",
                               note="培训档案已补记", officers=[self.officer, self.officer2])
        visit = ReturnVisit.objects.filter(finding=finding).get()
        return cs.return_visit_record(
            user=self.officer, visit=visit, expected_version=visit.lock_version, visited_on=dt.date(2024, 6, 13),
            handling_unit="执法支队一大队", handler="林建平", responsible_person="王大山",
            execution_status="已按期完成整改，隐患已消除", remedial_measures="继续保持",
            conduct_opinion="执法人员依法办案、廉洁执法", suggestions="希望多开展安全培训", contact_phone="13905981234",
        )

    def source_for(self, doc_type: str):
        return {
            "suggestion": self.measure, "warning": self.order, "interview": self.finding, "guidance": self.measure,
            "reminder": self.finding, "return_visit": self.visit, "commitment": self.commitment,
            "rectification": self.order, "list_publication": self.list_version,
            "penalty_notice": self.finding, "penalty_decision": self.finding,
        }[doc_type]

    def issuer(self, doc_type: str):
        return self.demo.user("sm_listadmin") if doc_type == "list_publication" else self.officer


@pytest.fixture
def demo_case(demo):
    return DemoCase(demo)


def draft_from_case(demo_case, doc_type: str, overrides: dict | None = None):
    """Create a draft the way the new-document page does: defaults from the case, officer's additions."""
    from rouxing.documents import services
    from rouxing.documents.context import list_version_rows, source_defaults, source_party

    user = demo_case.issuer(doc_type)
    source = demo_case.source_for(doc_type)
    bureau = services.bureau_settings_for(user.org)
    fields = source_defaults(doc_type, source=source, org=user.org, user=user, bureau=bureau)
    fields.update({k: v for k, v in (overrides or {}).items() if not fields.get(k)})
    extra = list_version_rows(source) if doc_type == "list_publication" else None
    return services.document_draft_create(user=user, doc_type=doc_type, fields=fields, party=source_party(source),
                                          source=source, extra=extra)
