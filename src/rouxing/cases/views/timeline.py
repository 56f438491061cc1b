"""Chinese labels of the audit events, for the case timeline (全过程记录)."""

from __future__ import annotations

EVENT_LABELS = {
    "cases.inspection.create": "登记执法检查", "cases.inspection.complete": "检查完毕",
    "cases.finding.record": "记录检查发现问题",
    "cases.finding.update": "修改问题", "cases.finding.rectifying": "进入限期整改",
    "cases.finding.reevaluate": "复查后重新裁量", "cases.finding.escalate": "问题转立案",
    "cases.finding.decided": "处理结果确定", "cases.finding.close": "问题办结",
    "cases.measure.record": "柔性执法措施", "cases.commitment.sign": "签署承诺书",
    "cases.commitment.settle": "核查承诺",
    "cases.rectification.order": "责令限期改正", "cases.rectification.result": "整改结论",
    "cases.reinspection.record": "复查", "cases.case.register": "立案", "cases.case.investigate": "调查取证",
    "cases.case.notify": "告知", "cases.case.statement": "陈述申辩", "cases.legal_review.submit": "提请法制审核",
    "cases.legal_review.decide": "法制审核结论", "cases.case.reviewed": "法制审核通过",
    "cases.case.investigating": "退回补充调查", "cases.case.approve": "负责人审批",
    "cases.decision.issue": "作出处罚决定", "cases.case.decide": "案件进入已决定",
    "cases.delivery.record": "送达", "cases.case.deliver": "决定书已送达", "cases.execution.grant": "批准执行方式",
    "cases.case.execute": "进入执行", "cases.instalment.pay": "缴纳罚款", "cases.execution.complete": "执行完毕",
    "cases.case.close": "结案", "cases.return_visit.record": "回访", "cases.evidence.upload": "上传证据",
    "cases.case.archive": "归档",
}


def timeline_rows(events) -> list[dict]:
    return [{"at": e.at, "actor": e.actor_name, "label": EVENT_LABELS.get(e.event, e.event), "event": e.event,
             "detail": e.detail} for e in events]
