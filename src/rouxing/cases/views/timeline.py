"""Chinese labels of the audit events, for the case timeline (全过程记录)."""

from __future__ import annotations

from rouxing.orgs.models import User

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
    "cases.case.notify": "告知", "cases.case.statement": "陈述申辩",
    "cases.case.statement_waive": "当事人书面放弃陈述申辩", "cases.hearing.request": "当事人要求听证",
    "cases.case.hearing_requested": "案件进入听证程序", "cases.hearing.schedule": "听证通知",
    "cases.hearing.report": "听证报告", "cases.collective_discussion.record": "集体讨论",
    "cases.case.period_extend": "延长办案期限", "cases.case.notice_document": "签发行政处罚告知书",
    "cases.procedure_rules.update": "修改办案程序规则", "cases.case.statement_answer": "陈述申辩复核",
    "cases.case.approval_return": "负责人退回（附理由）", "cases.legal_review.submit": "提请法制审核",
    "cases.legal_review.decide": "法制审核结论", "cases.case.reviewed": "法制审核通过",
    "cases.case.investigating": "退回补充调查", "cases.case.approve": "负责人审批",
    "cases.decision.issue": "作出处罚决定", "cases.case.decide": "案件进入已决定",
    "cases.delivery.record": "送达", "cases.case.deliver": "决定书已送达", "cases.execution.grant": "批准执行方式",
    "cases.case.execute": "进入执行", "cases.instalment.pay": "缴纳罚款", "cases.execution.complete": "执行完毕",
    "cases.case.close": "结案", "cases.return_visit.record": "回访", "cases.evidence.upload": "上传证据",
    "cases.case.archive": "归档",
    "cases.decision.publish": "公示处罚决定", "cases.decision.publicity_withdraw": "撤回处罚决定公示",
    "cases.decision.publicity_deadline_recomputed": "按现行节假日安排重算公示期限",
    "cases.decision.publicity_deadline_rechecked": "录入节假日安排后自动复核公示期限",
    "cases.case.registered": "立案", "cases.case.notified": "告知",
    "cases.case.under_review": "提请法制审核", "cases.case.approved": "负责人审批",
    "cases.case.decided": "案件进入已决定", "cases.case.delivered": "决定书已送达", "cases.case.executing": "进入执行",
    "cases.case.closed": "结案", "cases.case.archived": "归档",
    "cases.measure.void": "作废柔性执法措施", "cases.commitment.void": "作废承诺书",
    "cases.finding.void": "作废问题", "cases.finding.correct_facts": "更正事实并重新裁量",
    "credit_record.add": "记入信用记录", "credit_record.withdraw": "撤回信用记录",
}


def event_label(event: str) -> str:
    """The Chinese label of an audit event; an unknown event still reads in Chinese (其他操作)."""
    return EVENT_LABELS.get(event) or f"其他操作（{event}）"


def _actor_names(events) -> dict[int, str]:
    ids = {e.actor_id for e in events if e.actor_id}
    users = User.objects.filter(pk__in=ids).only("pk", "username", "full_name", "role")
    return {u.pk: f"{u.display_name}（{u.get_role_display()}）" for u in users}


def timeline_rows(events) -> list[dict]:
    """Rows of 全过程记录: when, who (姓名 and role, not the login name) and which step."""
    events = list(events)
    names = _actor_names(events)
    return [{"at": e.at, "actor": names.get(e.actor_id) or e.actor_name or "系统",
             "label": event_label(e.event), "event": e.event, "detail": e.detail} for e in events]
