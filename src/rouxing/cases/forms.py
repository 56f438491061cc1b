"""Forms of the case pages. Each form lists its fields explicitly; the services validate again."""

from __future__ import annotations

from django import forms

from rouxing.core.idempotency import TokenForm
from rouxing.core.uploads import LimitedFileField, evidence_limit
from rouxing.documents.models import DeliveryRecord
from rouxing.engine.vocabulary import CIRCUMSTANCES, CORRECTED, HARM
from rouxing.lists.models import FlexibleMethod, Violation
from rouxing.orgs.models import Role, User
from rouxing.parties.models import Party

from .models import (
    Case,
    Commitment,
    Execution,
    Inspection,
    LegalReview,
    Outcome,
    RectificationOrder,
    Reinspection,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def officers_of(org_id: int):
    return User.objects.filter(org_id=org_id, role=Role.OFFICER, is_active=True).exclude(badge_no="").order_by(
        "username")


class OfficerLabel(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}（执法证号 {obj.badge_no}）"


class LockedForm(TokenForm):
    """Carries the version the editor loaded (optimistic locking) and the one-time form token."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class InspectionForm(TokenForm):
    party = forms.ModelChoiceField(label="行政相对人", queryset=Party.objects.none())
    kind = forms.ChoiceField(label="检查类型", choices=Inspection.Kind.choices)
    plan_ref = forms.CharField(label="检查计划编号", max_length=60, required=False)
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    place = forms.CharField(label="检查地点", max_length=200)
    officers = OfficerLabel(label="执法人员（至少两名，持执法证）", queryset=User.objects.none(),
                            widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="检查情况", widget=TEXT, required=False)

    def __init__(self, *args, org_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(org_id=org_id).order_by("name")
        self.fields["officers"].queryset = officers_of(org_id)


class InspectionCompleteForm(LockedForm):
    note = forms.CharField(label="检查情况补充", widget=TEXT, required=False)


class FindingForm(TokenForm):
    violation = forms.ModelChoiceField(label="违法行为（处罚事项）", queryset=Violation.objects.order_by("code"))
    description = forms.CharField(label="问题描述", widget=TEXT)
    basis = forms.CharField(label="判定依据", widget=TEXT, help_text="法律法规名称及条款")
    cause = forms.CharField(label="产生原因", widget=TEXT)
    suggested_fix = forms.CharField(label="整改建议", widget=TEXT)
    violation_date = forms.DateField(label="违法行为发生日期", widget=DATE, required=False)
    corrected = forms.ChoiceField(label="改正情况", choices=list(CORRECTED.items()), initial="not_yet")
    harm = forms.ChoiceField(label="危害后果", choices=list(HARM.items()), initial="none")
    substantive_compliance = forms.BooleanField(
        label="有证据证明已履行主要义务，仅形式、记录等不完全符合规定", required=False)
    circumstances = forms.MultipleChoiceField(label="其他情节", choices=list(CIRCUMSTANCES.items()), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    chosen_outcome = forms.ChoiceField(label="采纳的处理结果", choices=[("", "采纳系统建议")] + Outcome.choices,
                                       required=False)
    departure_reason = forms.CharField(label="不采纳建议的理由", widget=TEXT, required=False,
                                       help_text="未采纳系统建议时必须填写，并提交法制审核")

    def engine_facts(self) -> dict:
        data = self.cleaned_data
        return {"corrected": data["corrected"], "harm": data["harm"],
                "substantive_compliance": bool(data["substantive_compliance"]),
                "circumstances": list(data["circumstances"])}


class FindingEditForm(LockedForm):
    description = forms.CharField(label="问题描述", widget=TEXT)
    basis = forms.CharField(label="判定依据", widget=TEXT)
    cause = forms.CharField(label="产生原因", widget=TEXT)
    suggested_fix = forms.CharField(label="整改建议", widget=TEXT)


class MeasureForm(TokenForm):
    method = forms.ModelChoiceField(label="柔性执法方式", queryset=FlexibleMethod.objects.order_by("report_column"))
    performed_on = forms.DateField(label="实施日期", widget=DATE)
    recipient = forms.CharField(label="实施对象", max_length=200)
    content = forms.CharField(label="文字记录", widget=forms.Textarea(attrs={"rows": 4}))
    person_count = forms.IntegerField(label="人次（行政指导、奖励、建议、提示按人次统计）", min_value=1, initial=1)


class CommitmentForm(TokenForm):
    kind = forms.ChoiceField(label="类型", choices=Commitment.Kind.choices)
    content = forms.CharField(label="承诺内容", widget=forms.Textarea(attrs={"rows": 4}))
    signatory = forms.CharField(label="承诺人", max_length=100)
    signed_on = forms.DateField(label="签署日期", widget=DATE)
    deadline = forms.DateField(label="整改完成期限", widget=DATE)
    observation_days = forms.IntegerField(label="纠错观察期（日）", min_value=1, max_value=730, initial=90)
    legal_study = forms.BooleanField(label="须参加法治学习（以学促管）", required=False)


class CommitmentSettleForm(LockedForm):
    fulfilled = forms.TypedChoiceField(label="核查结论", choices=[("1", "已履行承诺"), ("0", "未履行承诺")],
                                       coerce=lambda v: v == "1")
    settled_on = forms.DateField(label="核查日期", widget=DATE)
    study_done_on = forms.DateField(label="完成法治学习日期", widget=DATE, required=False)
    note = forms.CharField(label="核查情况", widget=TEXT)


class RectificationForm(TokenForm):
    issued_on = forms.DateField(label="责令日期", widget=DATE)
    period = forms.IntegerField(label="整改期限", min_value=1, max_value=365)
    day_kind = forms.ChoiceField(label="期限计算方式", choices=RectificationOrder.DayKind.choices)
    requirements = forms.CharField(label="整改要求", widget=TEXT, required=False, help_text="留空则使用整改建议")


class ReinspectionForm(TokenForm):
    inspected_on = forms.DateField(label="复查日期", widget=DATE)
    result = forms.ChoiceField(label="复查结论", choices=Reinspection.Result.choices)
    note = forms.CharField(label="复查情况", widget=TEXT)
    officers = OfficerLabel(label="复查人员（至少两名）", queryset=User.objects.none(),
                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, org_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers_of(org_id)


class CloseFindingForm(TokenForm):
    closed_on = forms.DateField(label="办结日期", widget=DATE)
    note = forms.CharField(label="办结说明", widget=TEXT, required=False)


class NotifyForm(LockedForm):
    notified_on = forms.DateField(label="告知日期", widget=DATE)
    proposed_outcome = forms.ChoiceField(label="拟处理结果", choices=Outcome.choices)
    proposed_fine = forms.IntegerField(label="拟罚款数额（元）", min_value=0, required=False)
    proposed_suspension = forms.BooleanField(label="拟责令停产停业", required=False)


class StatementForm(LockedForm):
    statement = forms.CharField(label="陈述申辩意见", widget=TEXT)
    hearing_requested = forms.BooleanField(label="当事人要求听证", required=False)
    requested_on = forms.DateField(label="申请听证日期", widget=DATE, required=False)


class StatementWaiveForm(LockedForm):
    waived_on = forms.DateField(label="书面放弃日期", widget=DATE)
    written_note = forms.CharField(label="书面材料", max_length=200,
                                   help_text="如：当事人法定代表人签署的《放弃陈述申辩权利声明》")


class SubmitReviewForm(LockedForm):
    note = forms.CharField(label="提请审核说明", widget=TEXT, required=False)


class ReviewDecideForm(TokenForm):
    result = forms.ChoiceField(label="审核结论", choices=[(LegalReview.Result.APPROVED, "审核通过"),
                                                       (LegalReview.Result.RETURNED, "退回补正")])
    opinions = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 4}))


class ApproveForm(LockedForm):
    opinion = forms.CharField(label="审批意见", widget=TEXT, required=False)
    returned = forms.BooleanField(label="退回补充调查（须写明理由）", required=False)


class StatementAnswerForm(LockedForm):
    answer = forms.ChoiceField(label="复核结论", choices=Case.StatementAnswer.choices)
    reason = forms.CharField(label="采纳或不采纳的理由", widget=TEXT)


class DecisionForm(LockedForm):
    outcome = forms.ChoiceField(label="处理结果", choices=Outcome.choices)
    fine_amount = forms.IntegerField(label="罚款数额（元）", min_value=0, initial=0)
    other_penalties = forms.CharField(label="其他处罚", max_length=200, required=False, help_text="如：警告")
    suspends_business = forms.BooleanField(label="责令停产停业", required=False)
    departure_reason = forms.CharField(label="超出裁量基准的理由", widget=TEXT, required=False)
    reasoning = forms.CharField(label="说理", widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = forms.DateField(label="决定日期", widget=DATE)


class DeliveryForm(LockedForm):
    """The procedure step 登记送达 of the 告知书 or 决定书: writes the documents app's DeliveryRecord."""

    kind = forms.ChoiceField(label="送达文书", choices=[("notice", "行政处罚告知书"), ("decision", "行政处罚决定书")],
                             initial="decision")
    method = forms.ChoiceField(label="送达方式", choices=DeliveryRecord.Method.choices)
    delivered_on = forms.DateField(label="送达日期", widget=DATE)
    recipient = forms.CharField(label="受送达人", max_length=100)
    address = forms.CharField(label="送达地址", max_length=200, required=False)
    consent_confirmed = forms.BooleanField(label="已签订电子送达确认书", required=False)
    note = forms.CharField(label="备注", widget=TEXT, required=False)


class ExecutionForm(LockedForm):
    kind = forms.ChoiceField(label="执行方式", choices=Execution.Kind.choices)
    granted_on = forms.DateField(label="批准日期", widget=DATE)
    applied_on = forms.DateField(label="当事人书面申请日期（暂缓/分期）", widget=DATE, required=False)
    reason = forms.CharField(label="当事人申请理由", widget=TEXT, required=False)
    deferred_until = forms.DateField(label="暂缓至", widget=DATE, required=False)
    instalments = forms.CharField(
        label="分期安排", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="每行一期：金额,应缴日期，如 50000,2025-01-15")

    def clean_instalments(self):
        import datetime as dt

        rows = []
        for n, line in enumerate((self.cleaned_data.get("instalments") or "").splitlines(), start=1):
            line = line.strip().replace("，", ",")
            if not line:
                continue
            try:
                amount, due = (part.strip() for part in line.split(",", 1))
                rows.append((int(amount), dt.date.fromisoformat(due)))
            except ValueError as exc:
                raise forms.ValidationError(f"第{n}行格式有误：应为“金额,YYYY-MM-DD”。") from exc
        return rows


class PayForm(LockedForm):
    paid_on = forms.DateField(label="缴纳日期", widget=DATE)
    paid_amount = forms.IntegerField(label="实缴金额（元）", min_value=1)
    receipt_no = forms.CharField(label="缴款凭证号", max_length=60, required=False)


class CloseCaseForm(LockedForm):
    closed_on = forms.DateField(label="结案日期", widget=DATE)
    note = forms.CharField(label="结案说明", widget=TEXT, required=False)


class ReturnVisitForm(LockedForm):
    visited_on = forms.DateField(label="回访日期", widget=DATE)
    handling_unit = forms.CharField(label="承办机构", max_length=100, required=False)
    handler = forms.CharField(label="承办人", max_length=100, required=False)
    responsible_person = forms.CharField(label="负责人姓名", max_length=50, required=False)
    execution_status = forms.CharField(label="行政执法决定执行情况、违法行为整改情况", widget=TEXT)
    remedial_measures = forms.CharField(label="整改措施（如未改正违法行为，应采取如下措施改正）", widget=TEXT,
                                        required=False)
    conduct_opinion = forms.CharField(label="案件承办人在办案过程中依照法定程序办案、廉洁执法情况（行政相对人填写）",
                                      widget=TEXT, required=False)
    suggestions = forms.CharField(label="对执法机关的建议及需要帮助解决的问题", widget=TEXT, required=False)
    party_signatory = forms.CharField(label="回访对象签名", max_length=100, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)


class EvidenceForm(TokenForm):
    file = LimitedFileField(max_bytes=evidence_limit, label="文件", help_text="jpg、png、pdf、mp3、mp4、wav、docx、xlsx")
    step = forms.CharField(label="环节", max_length=40, required=False)
    description = forms.CharField(label="说明", max_length=300, required=False)


class ArchiveForm(LockedForm):
    pass


class PublishForm(LockedForm):
    """行政处罚决定公示 (confirmation only: what is published is fixed by the portal)."""


class PublicityDeadlineForm(LockedForm):
    """期限复核 of the 公示 deadline (confirmation only: the new date is computed, not typed)."""


class PublicityWithdrawForm(LockedForm):
    reason = forms.CharField(label="撤回理由", max_length=200,
                             help_text="如：公示期满；信用修复已批准；决定被变更或撤销")


class HearingScheduleForm(LockedForm):
    host = forms.ModelChoiceField(label="听证主持人（非本案调查人员）", queryset=None)  # type: ignore[arg-type]
    notified_on = forms.DateField(label="听证通知日期", widget=DATE)
    held_on = forms.DateField(label="举行听证日期", widget=DATE, help_text="通知须在举行听证的七个工作日前")
    place = forms.CharField(label="听证地点", max_length=200)

    def __init__(self, *args, hosts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["host"].label_from_instance = lambda u: u.display_name


class HearingReportForm(LockedForm):
    transcript_signed = forms.BooleanField(label="听证笔录已经当事人核对签字", required=False)
    report = forms.CharField(label="听证报告（事实、证据、依据和处理意见）", widget=forms.Textarea(attrs={"rows": 4}))
    report_on = forms.DateField(label="报告日期", widget=DATE)


class CollectiveDiscussionForm(forms.Form):
    held_on = forms.DateField(label="讨论日期", widget=DATE)
    chair = forms.CharField(label="主持人", max_length=50)
    attendees = forms.CharField(label="参加人员", widget=TEXT, help_text="以“、”分隔，至少三人")
    opinions = forms.CharField(label="讨论意见", widget=TEXT, required=False)
    conclusion = forms.CharField(label="讨论结论", widget=TEXT)


class PeriodExtendForm(LockedForm):
    until = forms.DateField(label="延长至", widget=DATE)
    reason = forms.CharField(label="延长理由和依据", max_length=300, widget=TEXT)


class ProcedureRulesForm(LockedForm):
    hearing_fine_person = forms.IntegerField(label="较大数额罚款：个人（元）", min_value=1)
    hearing_fine_unit = forms.IntegerField(label="较大数额罚款：生产经营单位（元）", min_value=1)
    collective_discussion_fine = forms.IntegerField(label="罚款超过该数额须集体讨论（元）", min_value=0)
    collective_discussion_on_departure = forms.BooleanField(label="超出裁量基准须集体讨论", required=False)
    decision_days = forms.IntegerField(label="自立案起作出决定的期限（日）", min_value=1, max_value=90)
    case_number_pattern = forms.CharField(label="立案编号格式", max_length=60)
    no_penalty_number_pattern = forms.CharField(label="不予行政处罚决定书编号格式", max_length=60)


class VoidForm(TokenForm):
    """作废: the reason is required and kept with the record."""

    reason = forms.CharField(label="作废理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如：重复录入、录入错误；作废后记录保留并标注，不再计入统计",
                             error_messages={"required": "请填写作废理由。"})


class FindingCorrectForm(LockedForm):
    """更正事实: the officer facts again, with the reason for the correction."""

    corrected = forms.ChoiceField(label="改正情况", choices=list(CORRECTED.items()))
    harm = forms.ChoiceField(label="危害后果", choices=list(HARM.items()))
    substantive_compliance = forms.BooleanField(
        label="有证据证明已履行主要义务，仅形式、记录等不完全符合规定", required=False)
    circumstances = forms.MultipleChoiceField(label="其他情节", choices=list(CIRCUMSTANCES.items()), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    chosen_outcome = forms.ChoiceField(label="采纳的处理结果", choices=[("", "采纳系统建议")] + Outcome.choices,
                                       required=False)
    departure_reason = forms.CharField(label="不采纳建议的理由", widget=TEXT, required=False)
    reason = forms.CharField(label="更正理由", max_length=500, widget=TEXT,
                             help_text="如：检查时漏选情节；更正前的事实和裁量结果保留在更正记录中",
                             error_messages={"required": "请填写更正理由。"})

    def engine_facts(self) -> dict:
        data = self.cleaned_data
        return {"corrected": data["corrected"], "harm": data["harm"],
                "substantive_compliance": bool(data["substantive_compliance"]),
                "circumstances": list(data["circumstances"])}
