"""Context builders: the values that fill a document's blanks, taken from a case object.

`source_defaults(doc_type, source, org, user)` proposes the editable fields of a new draft from its
source (a party, a list version, or a cases-app object: case, inspection, finding, measure,
commitment, rectification order, return visit), so the officer starts from the case's own facts,
articles and deadlines and only completes what the case does not hold. `render_context(document,
…)` turns the stored fields into the final Jinja context: bureau block, party block, number and
dates in Chinese form. Cases-app objects are read by attribute, so the builders stay valid while
that app's models grow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.http import Http404
from django.utils import timezone

from rouxing.orgs.access import readable_org_ids

from .doctypes import DOC_TYPES, DocTypeCode
from .numbering import article_text, chinese_date, chinese_datetime

SOURCE_MODELS = (
    "parties.Party", "lists.ListVersion", "cases.Case", "cases.Inspection", "cases.Finding",
    "cases.FlexibleMeasure", "cases.Commitment", "cases.RectificationOrder", "cases.ReturnVisit",
)
LIST_KEYS = {"no_penalty": "no_penalty_items", "reduced": "reduced_items", "lighter": "lighter_items",
             "no_coercion": "no_coercion_items"}


@dataclass
class CaseFacts:
    """What a case object tells a document: party, facts, articles, deadlines, people."""

    party: Any = None
    facts: str = ""
    legal_basis: str = ""
    legal_provision: str = ""
    behaviour: str = ""
    suggestion: str = ""
    deadline: dt.date | None = None
    inspection_date: dt.date | None = None
    observation_end: dt.date | None = None
    corrective_actions: str = ""
    place: str = ""
    officers: list = field(default_factory=list)
    case_number: str = ""
    visit: dict[str, str] = field(default_factory=dict)


def resolve_source(source_type: str, source_id: str | int, user):
    """Load the source object, scoped to the bureaus the user may read (404 otherwise)."""
    if source_type not in SOURCE_MODELS:
        raise Http404("未知的文书来源。")
    try:
        model = apps.get_model(source_type)
    except LookupError as exc:
        raise Http404("文书来源尚不可用。") from exc
    field_name = "org" if any(f.name == "org" for f in model._meta.fields) else "case__org"
    obj = model.objects.filter(**{f"{field_name}__in": readable_org_ids(user)}, pk=source_id).first()
    if obj is None:
        raise Http404("记录不存在或无权查看。")
    return obj


def _basis_of(finding) -> tuple[str, str]:
    """(《法》第…条 text, article wording) of a finding: its 判定依据, else the violation's duty articles."""
    refs = [r for r in (getattr(finding.violation, "breaks", None) or []) if isinstance(r, dict)]
    cited = "、".join(article_text(r) for r in refs)
    wording = "；".join(r.get("text", "") for r in refs if r.get("text"))
    return (finding.basis or cited), wording


def _from_finding(finding, facts: CaseFacts) -> None:
    facts.party = facts.party or finding.party
    facts.facts = facts.facts or finding.description or finding.violation.name
    facts.legal_basis, facts.legal_provision = _basis_of(finding)
    facts.behaviour = finding.violation.name
    facts.suggestion = facts.suggestion or finding.suggested_fix
    facts.corrective_actions = facts.corrective_actions or finding.suggested_fix
    facts.inspection_date = facts.inspection_date or finding.found_on
    inspection = finding.inspection
    if inspection is not None:
        facts.place = inspection.place
        facts.officers = facts.officers or list(inspection.officers.all())


def _findings_of(obj) -> list:
    manager = getattr(obj, "findings", None)
    return list(manager.select_related("violation", "inspection", "party").order_by("pk")) if manager else []


def case_facts(source) -> CaseFacts:
    """Read a party, list version or cases-app object into `CaseFacts`."""
    facts = CaseFacts()
    if source is None:
        return facts
    label = source._meta.label
    if label == "parties.Party":
        facts.party = source
        return facts
    facts.party = getattr(source, "party", None)
    if label == "cases.Finding":
        _from_finding(source, facts)
    elif label == "cases.RectificationOrder":
        facts.deadline, facts.suggestion = source.deadline, source.requirements
        facts.corrective_actions = source.requirements
        _from_finding(source.finding, facts)
    elif label == "cases.FlexibleMeasure":
        facts.suggestion = source.content
        if source.finding_id:
            _from_finding(source.finding, facts)
    elif label in ("cases.Commitment", "cases.Inspection", "cases.Case"):
        _from_grouped(source, label, facts)
    elif label == "cases.ReturnVisit":
        _from_return_visit(source, facts)
    return facts


def _from_grouped(source, label: str, facts: CaseFacts) -> None:
    """Commitment, inspection or case: their own dates and people, then their findings."""
    found = _findings_of(source)
    if label == "cases.Commitment":
        facts.deadline, facts.observation_end = source.deadline, source.observation_end
        facts.corrective_actions = source.content
    elif label == "cases.Inspection":
        facts.place, facts.officers = source.place, list(source.officers.all())
        facts.inspection_date = source.inspected_on
    else:
        facts.case_number, facts.officers = source.number, list(source.officers.all())
    for finding in found[:1]:
        _from_finding(finding, facts)
    if len(found) > 1:
        facts.facts = "；".join(f.description or f.violation.name for f in found)
        facts.legal_basis = "、".join(dict.fromkeys(_basis_of(f)[0] for f in found))


def _from_return_visit(visit, facts: CaseFacts) -> None:
    if visit.finding_id:
        _from_finding(visit.finding, facts)
    facts.case_number = visit.case.number if visit.case_id else ""
    facts.visit = {
        "party_leader": visit.responsible_person, "handling_unit": visit.handling_unit, "handler": visit.handler,
        "visitor": visit.visitor.display_name if visit.visitor_id else "",
        "visit_content": visit.execution_status, "measures": visit.remedial_measures,
        "conduct_opinion": visit.conduct_opinion, "party_suggestions": visit.suggestions,
        "party_contact_phone": visit.contact_phone,
    }


def source_party(source):
    return case_facts(source).party if source is not None else None


def _date_value(value) -> str:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date().isoformat() if timezone.is_aware(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""


def _officer_names(people, user) -> str:
    names = [f"{p.display_name}（{p.badge_no}）" if p.badge_no else p.display_name for p in people]
    if not names and user is not None:
        names = [f"{user.display_name}（{user.badge_no}）" if user.badge_no else user.display_name]
    return "、".join(names)


def list_version_rows(version) -> dict[str, list[dict[str, str]]]:
    """Rows of the four lists' publication table (seed 001 annexes 1–4 columns)."""
    rows: dict[str, list[dict[str, str]]] = {key: [] for key in LIST_KEYS.values()}
    for item in version.items.order_by("list_kind", "seq"):
        basis = "；".join(
            (article_text(b) if b.get("law") else b.get("text", "")) if isinstance(b, dict) else str(b)
            for b in (item.basis or [])
        )
        measures = "、".join(m if isinstance(m, str) else str(m.get("name", m)) for m in (item.measures or []))
        rows[LIST_KEYS[item.list_kind]].append({
            "seq": str(item.seq), "name": item.name, "code": item.code or "—", "situation": item.situation,
            "basis": basis, "measures": measures,
        })
    return rows


def source_defaults(doc_type: str, *, source, org, user, bureau=None) -> dict[str, str]:
    """Proposed field values of a new draft of `doc_type` from `source` (may be None)."""
    facts = case_facts(source)
    party = facts.party
    values: dict[str, Any] = {
        "facts": facts.facts, "legal_basis": facts.legal_basis, "legal_provision": facts.legal_provision,
        "behaviour": facts.behaviour or facts.facts, "suggestion": facts.suggestion, "guidance": facts.suggestion,
        "problems": facts.facts, "deadline": _date_value(facts.deadline),
        "contact_person": (bureau.contact_person if bureau else "") or org.contact_person,
        "contact_phone": (bureau.contact_phone if bureau else "") or org.contact_phone,
        "talk_place": (bureau.address if bureau else "") or org.address,
        "review_authority": (bureau.review_authority if bureau else "") or _default_review_authority(org),
        "court": bureau.court if bureau else "",
        "officers": _officer_names(facts.officers, user),
        "inspection_date": _date_value(facts.inspection_date),
        "corrective_actions": facts.corrective_actions,
        "observation_end": _date_value(facts.observation_end),
        "party_leader": getattr(party, "legal_rep", ""), "case_number": facts.case_number,
        "handling_unit": getattr(getattr(user, "department", None), "name", "") or org.name,
        "handler": getattr(user, "display_name", ""), "visitor": getattr(user, "display_name", ""),
        "party_contact_phone": getattr(party, "phone", ""),
    }
    values.update({k: v for k, v in facts.visit.items() if v})
    if doc_type == DocTypeCode.LIST_PUBLICATION and source is not None and source._meta.label == "lists.ListVersion":
        values["version_label"] = source.label
        values["effective_from"] = _date_value(source.effective_from)
        values["contact_person"] = source.contact_person or values["contact_person"]
        values["contact_phone"] = source.contact_phone or values["contact_phone"]
    names = {f.name for f in DOC_TYPES[doc_type].fields}
    return {k: ("" if v is None else str(v)) for k, v in values.items() if k in names}


def _default_review_authority(org) -> str:
    """行政复议法 (2023) art. 24: the government at the department's own level hears the application."""
    name = org.name
    for suffix in ("应急管理局", "应急管理厅"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + "人民政府"
    return "本级人民政府"


def party_snapshot(party) -> dict[str, str]:
    """The party block frozen into the draft (name, identifier, address, representative, phone)."""
    if party is None:
        return {}
    return {
        "party_name": party.name,
        "party_identifier": party.uscc or party.id_number or "",
        "party_address": party.address,
        "party_legal_rep": party.legal_rep,
        "party_phone": party.phone,
    }


def _format_field(kind: str, value: str) -> str:
    if not value:
        return ""
    value = value.strip().rstrip("。；;")  # the templates supply the sentence's own punctuation
    try:
        if kind == "date":
            return chinese_date(dt.date.fromisoformat(value))
        if kind in ("datetime", "datehour"):
            return chinese_datetime(dt.datetime.fromisoformat(value), minutes=kind == "datetime")
    except ValueError:
        return value
    return value


def render_context(document, *, bureau, number: str, issue_date: dt.date) -> dict[str, Any]:
    """The complete Jinja context of `document` (bureau block, party block, fields, number, date)."""
    spec = DOC_TYPES[document.doc_type]
    stored = dict(document.fields)
    context: dict[str, Any] = {
        "bureau_name": bureau.display_name,
        "bureau_address": bureau.address,
        "bureau_contact_person": bureau.contact_person,
        "bureau_contact_phone": bureau.contact_phone,
        "number": number,
        "issue_date": chinese_date(issue_date),
        "seal": "（印章）",
        "doc_title": spec.title,
    }
    for key in ("party_name", "party_identifier", "party_address", "party_legal_rep", "party_phone"):
        context[key] = stored.get(key, "")
    for f in spec.fields:
        context[f.name] = _format_field(f.kind, stored.get(f.name, ""))
    if spec.code == DocTypeCode.LIST_PUBLICATION:
        for key in LIST_KEYS.values():
            context[key] = stored.get(key, [])
    return context
