"""The statutory documents of the general procedure, made with the documents app's services:
行政处罚告知书 at 告知 (arts. 44, 45, 63, 64) and 行政处罚决定书 at 决定 (art. 59), filled from the case,
numbered from the bureau's locked counter and frozen when issued; the case archive (案卷) includes them
through `documents.selectors.case_documents`. Delivery of either is recorded as the documents app's
`DeliveryRecord` of that issued document (one delivery model for every document)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import Case, Outcome, PenaltyDecision
from .procedure import cn_date

DELIVERY_METHODS = ("direct", "left", "post", "electronic", "entrusted", "public_notice")  # DeliveryRecord.Method


def _articles(refs) -> str:
    from rouxing.documents.numbering import article_text

    texts = [article_text(r) for r in refs or [] if isinstance(r, dict) and r.get("law")]
    return "、".join(dict.fromkeys(texts))


def _basis(case: Case) -> tuple[str, str, str]:
    """(facts, 违反条款, 处罚依据) of the case from its findings and the engine's cited basis."""
    findings = list(case.findings.select_related("violation").order_by("pk"))
    facts = "；".join(f.description or f.violation.name for f in findings) or case.title
    broken = "、".join(dict.fromkeys(f.basis for f in findings if f.basis)) or "有关安全生产法律法规"
    penalty = _articles((case.engine_decision or {}).get("legal_basis")) or \
        "、".join(dict.fromkeys(_articles(f.violation.penalty) for f in findings if f.violation.penalty)) or \
        "有关安全生产法律法规"
    return facts, broken, penalty


def _evidence(case: Case) -> str:
    from ..models import EvidenceFile

    names = [e.description or e.original_name for e in EvidenceFile.objects.filter(case=case).order_by("pk")[:6]]
    return "、".join(names) or "现场检查记录、询问笔录、现场照片"


def _penalty_text(outcome: str, fine: int, suspension: bool, other: str = "") -> str:
    parts = []
    if other.strip():
        parts.append(other.strip())
    if fine:
        parts.append(f"罚款人民币{fine}元")
    if suspension:
        parts.append("责令停产停业")
    label = Outcome(outcome).label if outcome in Outcome.values else ""
    return f"{'、'.join(parts) or '警告'}（{label}）" if label else "、".join(parts)


def _bureau(org):
    from rouxing.documents.services import bureau_settings_for

    return bureau_settings_for(org)


def _issue(*, user, doc_type: str, case: Case, fields: dict, issue_date: dt.date):
    from rouxing.documents.services import document_convert_pdf, document_draft_create, document_issue

    draft = document_draft_create(user=user, doc_type=doc_type, fields=fields, party=case.party, source=case)
    doc = document_issue(user=user, document=draft, issue_date=issue_date, convert_pdf=False)
    # the PDF (LibreOffice) after the case transaction commits; the frozen .docx is the issued document
    transaction.on_commit(lambda: document_convert_pdf(document=doc, user=user))
    return doc


def notice_rights(case: Case) -> str:
    text = (f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩，"
            f"请于{cn_date(case.statement_deadline)}前向本机关提出（告知之日起按工作日计算，第八十五条），"
            f"逾期未提出的，视为放弃此权利") if case.statement_deadline else "你（单位）有权进行陈述和申辩"
    if case.hearing_notified and case.hearing_request_deadline:
        text += (f"；根据第六十三条、第六十四条的规定，你（单位）有权要求举行听证，请于"
                 f"{cn_date(case.hearing_request_deadline)}前提出，逾期未提出的，视为放弃听证权利")
    return text


def issue_notice(*, user, case: Case):
    """行政处罚告知书 of the current 告知, dated the notice day."""
    facts, broken, penalty_basis = _basis(case)
    bureau = _bureau(case.org)
    fields = {
        "facts": facts, "evidence": _evidence(case), "legal_basis": broken, "penalty_basis": penalty_basis,
        "proposed_penalty": _penalty_text(case.proposed_outcome, case.proposed_fine or 0, case.proposed_suspension),
        "rights": notice_rights(case),
        "contact_person": bureau.contact_person or case.org.contact_person or getattr(user, "display_name", ""),
        "contact_phone": bureau.contact_phone or case.org.contact_phone or "—",
    }
    return _issue(user=user, doc_type="penalty_notice", case=case, fields=fields,
                  issue_date=case.notified_on or timezone.localdate())


def _statement_handling(case: Case) -> str:
    from ..models import Hearing

    hearing = Hearing.objects.filter(case=case, report_on__isnull=False).first()
    if case.statement:
        answer = {"adopted": "予以采纳", "partly": "予以部分采纳", "rejected": "不予采纳"}.get(case.statement_answer, "已复核")
        text = (f"当事人在法定期限内提出陈述、申辩：{case.statement.rstrip('。')}。经复核，本机关{answer}，理由："
                f"{case.statement_answer_reason.rstrip('。')}")
    elif case.statement_waived_on:
        text = f"当事人于{cn_date(case.statement_waived_on)}书面表示放弃陈述、申辩权利"
    else:
        text = "当事人在法定期限内未提出陈述、申辩"
    if hearing is not None and hearing.held_on is not None:
        text += f"；本机关于{cn_date(hearing.held_on)}依法举行听证，听证报告意见：{hearing.report.rstrip('。')}"
    return text


def issue_decision(*, user, case: Case, decision: PenaltyDecision):
    """行政处罚决定书 with the elements of art. 59: party, facts and evidence, penalty and basis, payment,
    复议/诉讼 route and period, bureau and date (the signature block)."""
    from rouxing.documents.context import _default_review_authority

    facts, broken, penalty_basis = _basis(case)
    bureau = _bureau(case.org)
    payment = (f"罚款自收到本决定书之日起{decision.payment_days}日内缴至指定银行或者通过电子支付系统缴纳"
               f"（《中华人民共和国行政处罚法》第六十七条）") if decision.fine_amount else "本决定自送达之日起执行"
    fields = {
        "facts": f"{facts}。以上事实有{_evidence(case)}等证据为证", "legal_basis": broken,
        "penalty_basis": penalty_basis,
        "penalty": _penalty_text(decision.outcome, decision.fine_amount, decision.suspends_business,
                                 decision.other_penalties),
        "statement_handling": _statement_handling(case), "payment": payment,
        "review_authority": bureau.review_authority or _default_review_authority(case.org),
        "court": bureau.court or "有管辖权的人民法院",
    }
    return _issue(user=user, doc_type="penalty_decision", case=case, fields=fields, issue_date=decision.decided_on)


def record_document_delivery(*, user, document, method: str, delivered_on: dt.date, recipient: str,
                             consent_confirmed: bool, note: str, address: str = ""):
    """The documents app's 送达记录 of the issued document (the one delivery model), dated 09:00 of the
    delivery day (the current time for a delivery recorded early on the same day); the officer recording
    it is the 送达人."""
    from rouxing.documents.services import delivery_record

    at = timezone.make_aware(dt.datetime.combine(delivered_on, dt.time(9, 0)))
    if delivered_on == timezone.localdate():
        at = min(at, timezone.now())
    return delivery_record(user=user, document=document, deliverer=getattr(user, "display_name", "") or user.username,
                           recipient=recipient, delivered_at=at, method=method, note=note, address=address,
                           consent_confirmed=consent_confirmed)
