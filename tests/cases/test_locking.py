"""Concurrent edits never silently overwrite (optimistic locking with lock_version)."""

import pytest

from rouxing.cases.services import case_notify, finding_update
from rouxing.core.locking import EditConflict

from .conftest import reload


def test_second_save_with_the_same_lock_version_is_refused_and_first_edit_kept(sm):
    # given two officers who loaded the same finding (same lock_version)
    finding = sm.finding()
    loaded_version = finding.lock_version
    # when both save, one after the other
    finding_update(user=sm.officer, finding=finding, expected_version=loaded_version, cause="制度缺失")
    with pytest.raises(EditConflict) as err:
        finding_update(user=sm.officer2, finding=finding, expected_version=loaded_version, cause="人员变动")
    # then the second is refused with the Chinese message and the first edit stands
    assert "已被他人修改" in str(err.value)
    stored = reload(finding)
    assert stored.cause == "制度缺失"
    assert stored.lock_version == loaded_version + 1


def test_stale_version_on_a_case_transition_is_refused(sm):
    import datetime as dt

    case = sm.case(status="investigating", notified=False)
    stale = case.lock_version - 1 if case.lock_version else case.lock_version + 5
    with pytest.raises(EditConflict):
        case_notify(user=sm.officer, case=case, expected_version=stale, notified_on=dt.date(2024, 10, 22),
                    proposed_outcome="standard", proposed_fine=20000)
    assert reload(case).status == "investigating"


def test_edit_that_removes_the_basis_is_refused(sm):
    from django.core.exceptions import ValidationError

    finding = sm.finding()
    with pytest.raises(ValidationError, match="判定依据"):
        finding_update(user=sm.officer, finding=finding, expected_version=finding.lock_version, basis="  ")
    assert reload(finding).basis.startswith("《安全生产法》")


def test_commitment_with_legal_study_is_fulfilled_only_after_the_study(sm):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from rouxing.cases.services import commitment_settle, commitment_sign

    # given a 告知承诺 with 以学促管 legal study
    finding = sm.finding()
    commitment = commitment_sign(user=sm.officer, party=sm.party, findings=[finding], content="立即纠正并参加学习",
                                 signatory="企业负责人", deadline=dt.date(2024, 10, 10), signed_on=dt.date(2024, 9, 27),
                                 kind="notification", legal_study=True)
    assert commitment.observation_end == dt.date(2024, 12, 26)
    # when it is settled as fulfilled without the study, it is refused
    with pytest.raises(ValidationError, match="法治学习"):
        commitment_settle(user=sm.officer, commitment=commitment, expected_version=commitment.lock_version,
                          fulfilled=True, settled_on=dt.date(2024, 12, 27), note="已纠正")
    # then with the study date it is fulfilled
    commitment_settle(user=sm.officer, commitment=commitment, expected_version=commitment.lock_version,
                      fulfilled=True, settled_on=dt.date(2024, 12, 27), note="已纠正并完成学习",
                      study_done_on=dt.date(2024, 10, 15))
    assert reload(commitment).status == "fulfilled"
