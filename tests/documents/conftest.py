"""Fixtures of the documents tests: field values per type as an officer completes them from a case."""

from __future__ import annotations

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
    """A 三明 case built through the cases services: inspection → finding → order, commitment, measure,
    closed finding with its return visit. Each document type is issued from the step it belongs to."""

    def __init__(self, demo):
        import datetime as dt

        from rouxing.cases import services as cs
        from rouxing.lists.models import FlexibleMethod, Violation

        self.demo = demo
        self.org = demo.org("SM-YJJ")
        self.officer = demo.user("sm_officer1")
        self.officer2 = demo.user("sm_officer2")
        self.party = demo.party("SM-YJJ", kind="enterprise")
        self.violation = Violation.objects.filter(breaks__isnull=False).exclude(breaks=[]).order_by("code").first()
        on = dt.date(2024, 5, 8)
        self.inspection = cs.inspection_create(user=self.officer, party=self.party, inspected_on=on,
                                               place="一号生产车间", officers=[self.officer, self.officer2])
        self.finding = cs.finding_record(
            user=self.officer, inspection=self.inspection, violation=self.violation,
            description="未将2024年一季度事故隐患排查治理情况向从业人员通报", basis="《中华人民共和国安全生产法》第四十一条第二款",
            cause="安全管理人员疏于管理", suggested_fix="在信息公示栏公布隐患排查治理情况并组织全员学习",
        )
        self.order = cs.rectification_order(user=self.officer, finding=self.finding, issued_on=on, period=10)
        self.commitment = cs.commitment_sign(
            user=self.officer, party=self.party, findings=[self.finding], content="补建隐患排查治理台账并每月公示",
            signatory=self.party.legal_rep or "负责人", deadline=dt.date(2024, 5, 31), signed_on=on)
        method = FlexibleMethod.objects.get(code="administrative_suggestion") if FlexibleMethod.objects.filter(
            code="administrative_suggestion").exists() else FlexibleMethod.objects.order_by("pk").first()
        self.measure = cs.measure_record(user=self.officer, party=self.party, method=method, performed_on=on,
                                         recipient=self.party.name, content="建议每月组织一次隐患排查并公示结果",
                                         finding=self.finding)
        self.visit = self._return_visit(cs, on)
        self.list_version = self.org.list_versions.filter(status="published").order_by("-effective_from").first()

    def _return_visit(self, cs, on):
        import datetime as dt

        from rouxing.cases.models import ReturnVisit

        finding = cs.finding_record(
            user=self.officer, inspection=self.inspection, violation=self.violation,
            description="安全出口指示标志损坏", basis="《中华人民共和国安全生产法》第四十二条第二款",
            cause="日常维护不到位", suggested_fix="更换安全出口指示标志", chosen_outcome="no_penalty",
            departure_reason="当场改正，没有造成危害后果",
        )
        cs.finding_close(user=self.officer, finding=finding, closed_on=on, note="当场改正")
        visit = ReturnVisit.objects.filter(finding=finding).get()
        return cs.return_visit_record(
            user=self.officer, visit=visit, expected_version=visit.lock_version, visited_on=on + dt.timedelta(days=30),
            handling_unit="执法支队一大队", handler="林建平", responsible_person="王大山",
            execution_status="已按期完成整改，隐患已消除", remedial_measures="继续保持",
            conduct_opinion="执法人员依法办案、廉洁执法", suggestions="希望多开展安全培训", contact_phone="13905981234",
        )

    def source_for(self, doc_type: str):
        return {
            "suggestion": self.measure, "warning": self.order, "interview": self.finding, "guidance": self.measure,
            "reminder": self.finding, "return_visit": self.visit, "commitment": self.commitment,
            "rectification": self.order, "list_publication": self.list_version,
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
