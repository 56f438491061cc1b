"""A known data set for the statistics report: measures and findings in 三明 (city), 明溪 and 将乐
(its counties) and 昌吉 (another city), with records inside and outside the year 2025."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

D = dt.date


@dataclass
class Known:
    """What the data set holds, by bureau code: the records created, for drill-down checks."""

    measures: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)

    def add(self, kind: str, org: str, key: str, obj) -> None:
        getattr(self, kind).setdefault((org, key), []).append(obj)


def method(code: str):
    from rouxing.lists.models import FlexibleMethod

    return FlexibleMethod.objects.get(code=code)


def other_method():
    """A bureau-defined method outside the ten of annex 6: counted under 其他."""
    from rouxing.lists.models import FlexibleMethod

    obj, _ = FlexibleMethod.objects.get_or_create(
        code="credit_repair_guidance", defaults={"name": "信用修复指导", "definition": "指导信用修复", "unit": "件",
                                                  "report_column": 0})
    return obj


def add_measure(demo, known: Known, org: str, officer: str, code: str, on: dt.date, persons: int = 1):
    from rouxing.cases.services import measure_record

    m = other_method() if code == "other" else method(code)
    party = demo.party(org)
    measure = measure_record(user=demo.user(officer), party=party, method=m, performed_on=on,
                             recipient=party.name, content=f"{m.name}：{on} 向{party.name}开展{m.name}，已形成文字记录。",
                             person_count=persons)
    known.add("measures", org, code, measure)
    return measure


def add_finding(demo, known: Known, org: str, officer: str, on: dt.date, outcome: str, decided: bool = True,
                coercion_withheld: bool = False, facts: dict | None = None, party_index: int = 0,
                violation_index: int = 0):
    from rouxing.cases.models import Finding, Inspection
    from rouxing.lists.models import Violation
    from rouxing.parties.models import Party

    user = demo.user(officer)
    party = list(Party.objects.filter(org__code=org).order_by("pk"))[party_index]
    inspection = Inspection.objects.create(org=party.org, party=party, inspected_on=on, place=party.address or "现场",
                                           created_by=user, status=Inspection.Status.COMPLETED)
    violation = list(Violation.objects.order_by("code"))[violation_index]
    finding = Finding.objects.create(
        org=party.org, inspection=inspection, party=party, violation=violation, found_on=on,
        description=f"{party.name}{violation.name}", basis="《安全生产法》", cause="管理疏忽", suggested_fix="立即整改",
        facts=facts or {}, recommended_outcome=outcome, chosen_outcome=outcome,
        decided_on=on if decided else None, coercion_withheld=coercion_withheld, recorded_by=user,
        status=Finding.Status.CLOSED if decided else Finding.Status.RECORDED)
    if decided:
        key = outcome
        known.add("findings", org, key, finding)
        if coercion_withheld:
            known.add("findings", org, "no_coercion", finding)
    return finding


@pytest.fixture
def known(demo):
    """The known data set (see module docstring); expected figures are written out in the tests."""
    k = Known()
    # 三明 (city bureau)
    add_measure(demo, k, "SM-YJJ", "sm_officer1", "persuasion", D(2025, 3, 10))
    add_measure(demo, k, "SM-YJJ", "sm_officer2", "persuasion", D(2025, 8, 1))
    add_measure(demo, k, "SM-YJJ", "sm_officer1", "guidance", D(2025, 3, 15), persons=5)
    add_measure(demo, k, "SM-YJJ", "sm_officer1", "guidance", D(2025, 7, 20), persons=3)
    add_measure(demo, k, "SM-YJJ", "sm_officer2", "interview", D(2025, 5, 5))
    add_finding(demo, k, "SM-YJJ", "sm_officer1", D(2025, 4, 1), "no_penalty", coercion_withheld=True)
    add_finding(demo, k, "SM-YJJ", "sm_officer2", D(2025, 10, 10), "lighter", party_index=1)
    add_finding(demo, k, "SM-YJJ", "sm_officer1", D(2025, 5, 5), "standard", party_index=2)
    add_finding(demo, k, "SM-YJJ", "sm_officer1", D(2025, 6, 6), "no_penalty", decided=False, party_index=3)
    # outside the year
    add_measure(demo, k, "SM-YJJ", "sm_officer1", "persuasion", D(2024, 12, 31))
    add_measure(demo, k, "SM-YJJ", "sm_officer1", "persuasion", D(2026, 1, 1))
    add_finding(demo, k, "SM-YJJ", "sm_officer1", D(2024, 12, 30), "no_penalty", party_index=4)
    # 明溪 (county below 三明)
    add_measure(demo, k, "MX-YJJ", "mx_officer1", "advice", D(2025, 2, 1), persons=4)
    add_measure(demo, k, "MX-YJJ", "mx_officer2", "reminder", D(2025, 6, 30), persons=10)
    add_measure(demo, k, "MX-YJJ", "mx_officer1", "return_visit", D(2025, 9, 9))
    add_measure(demo, k, "MX-YJJ", "mx_officer1", "other", D(2025, 11, 11))
    add_finding(demo, k, "MX-YJJ", "mx_officer1", D(2025, 6, 15), "reduced")
    add_finding(demo, k, "MX-YJJ", "mx_officer2", D(2025, 7, 1), "no_penalty", party_index=1)
    # 将乐 (county below 三明)
    add_measure(demo, k, "JL-YJJ", "jl_officer1", "persuasion", D(2025, 1, 1))
    add_measure(demo, k, "JL-YJJ", "jl_officer2", "admonition", D(2025, 12, 31))
    # 昌吉 (another city, never in 三明's roll-up)
    add_measure(demo, k, "CJ-YJJ", "cj_officer1", "persuasion", D(2025, 4, 4))
    add_finding(demo, k, "CJ-YJJ", "cj_officer1", D(2025, 4, 4), "no_penalty")
    return k


@pytest.fixture
def period_2025():
    from rouxing.reports.definition import Period, PeriodKind

    return Period(PeriodKind.YEAR, 2025, 0)
