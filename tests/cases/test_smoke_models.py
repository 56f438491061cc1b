"""The models load and the fixtures build (kept small: real behaviour is tested elsewhere)."""

from rouxing.cases.models import Case


def test_case_fixture_is_investigating_with_one_finding(sm):
    case = sm.case()
    assert case.status == Case.Status.INVESTIGATING
    assert case.findings.count() == 1
