"""Fixtures of the cases tests: the 三明 bureau's people, a party, a catalogue violation, and builders
for findings and cases at a given step (records created the way the services leave them)."""

from __future__ import annotations

import datetime as dt

import pytest

STORED_DECISION = {
    "outcome": "standard", "outcome_label": "一般行政处罚", "mandatory": False, "list_item": None,
    "legal_basis": [], "measures": [], "exclusions": ["not_corrected"], "discretionary_options": [],
    "unmet_conditions": [], "refer_to_police": False, "coercion": None,
    "fine": {"statutory_min": 0, "statutory_max": 50000, "band_min": 15000, "band_max": 35000},
    "explanation": "逾期未改正，依法给予一般行政处罚。", "trace": [], "engine_version": "fixture",
    "list_version": "fixture",
}


class SM:
    """The people and records of 三明市应急管理局 used by the tests."""

    def __init__(self, demo):
        from rouxing.lists.models import Violation

        self.org = demo.org("SM-YJJ")
        self.officer = demo.user("sm_officer1")
        self.officer2 = demo.user("sm_officer2")
        self.reviewer = demo.user("sm_reviewer")
        self.approver = demo.user("sm_approver")
        self.supervisor = demo.user("sm_supervisor")
        self.party = demo.party("SM-YJJ", kind="enterprise")
        self.violation, _ = Violation.objects.get_or_create(
            code="TEST-CASES-097-04", defaults={
                "name": "未如实记录安全生产教育和培训情况的（测试）", "fine_min": 0, "fine_max": 50000,
                "hearing_threshold": 30000,
                "penalty": [{"law": "中华人民共和国安全生产法", "article": 97, "paragraph": 1, "item": 4}],
            })

    def inspection(self, on: dt.date = dt.date(2024, 9, 27)):
        from rouxing.cases.services import inspection_create

        return inspection_create(user=self.officer, party=self.party, inspected_on=on, place="企业生产车间",
                                 officers=[self.officer, self.officer2])

    def finding(self, *, on: dt.date = dt.date(2024, 9, 27), outcome: str = "standard", decision=None):
        """A finding as `finding_record` stores it (decision given, so no list data is needed)."""
        from rouxing.cases.models import Finding

        return Finding.objects.create(
            org=self.org, inspection=self.inspection(on), party=self.party, violation=self.violation, found_on=on,
            description="培训档案缺少2024年三季度记录", basis="《安全生产法》第二十八条第四款",
            cause="安全管理人员疏于管理", suggested_fix="补建培训档案，如实记录培训情况",
            decision=decision or STORED_DECISION, recommended_outcome=outcome, chosen_outcome=outcome,
            engine_version="fixture", list_version="fixture", recorded_by=self.officer,
            facts={"org": "SM-YJJ", "item_code": self.violation.code, "corrected": "not_yet", "harm": "none"},
        )

    def case(self, *, status: str = "investigating", notified: bool = True):
        """An open case at `status`, with one finding and the engine band 15000–35000 元."""
        from rouxing.cases.models import Case

        finding = self.finding()
        case = Case.objects.create(
            org=self.org, party=self.party, number=f"明应急立〔2024〕T{finding.pk}号", title=self.violation.name,
            registered_on=dt.date(2024, 10, 20), registered_by=self.officer, status=status,
            engine_decision=STORED_DECISION, proposed_outcome="standard", proposed_fine=20000,
            hearing_threshold=30000, notified_on=dt.date(2024, 10, 21) if notified else None,
        )
        case.officers.set([self.officer, self.officer2])
        # fixture state: the finding put into the case directly (the status field is protected)
        type(finding).objects.filter(pk=finding.pk).update(case=case, status="escalated")
        finding.refresh_from_db()
        return case


@pytest.fixture
def sm(demo):
    return SM(demo)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)
