"""Fixtures of the enforcement tests: the 三明 and 昌吉 people, findings recorded through the real services
(real engine, demo lists), and a snapshot of the rows a refused step must leave unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.conftest import SM

FOUND_ON = dt.date(2024, 9, 27)
ITEMS = [{"name": "未经检验的压力容器", "quantity": "2", "unit": "台", "note": "车间东侧"}]


class Bureau(SM):
    """SM's people plus findings recorded with the real engine."""

    def real_finding(self, *, facts: dict | None = None, party=None, violation_code: str = "AQSC-097-04",
                     on: dt.date = FOUND_ON):
        from rouxing.cases.services import finding_record, inspection_create
        from rouxing.lists.models import Violation

        inspection = inspection_create(user=self.officer, party=party or self.party, inspected_on=on, place="车间",
                                       officers=[self.officer, self.officer2])
        return finding_record(user=self.officer, inspection=inspection,
                              violation=Violation.objects.get(code=violation_code),
                              description="压力容器未经检验投入使用", basis="《安全生产法》第三十七条",
                              cause="企业未落实设备检验制度", suggested_fix="停止使用并申请检验",
                              facts=facts if facts is not None else {
                                  "harm": "none", "circumstances": ["nonconforming_equipment"]})


class CJ(Bureau):
    """昌吉州应急管理局 (its lists have two 不予行政强制 items, seed 002)."""

    def __init__(self, demo):
        super().__init__(demo)
        self.org = demo.org("CJ-YJJ")
        self.officer = demo.user("cj_officer1")
        self.officer2 = demo.user("cj_officer2")
        self.reviewer = demo.user("cj_reviewer")
        self.approver = demo.user("cj_approver")
        self.party = demo.party("CJ-YJJ", kind="enterprise")


@pytest.fixture
def sm(demo):
    return Bureau(demo)


@pytest.fixture
def cj(demo):
    return CJ(demo)


def rows(*models) -> list:
    """Every row of `models` and the audit trail length: a refused step leaves this unchanged."""
    from rouxing.core.models import AuditEvent

    return [list(m.objects.order_by("pk").values()) for m in models] + [AuditEvent.objects.count()]
