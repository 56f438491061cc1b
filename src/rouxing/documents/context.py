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
from typing import Any

from django.apps import apps
from django.http import Http404
from django.utils import timezone

from rouxing.core.access import readable_org_ids

from .doctypes import DOC_TYPES, DocTypeCode
from .numbering import article_text, chinese_date, chinese_datetime

SOURCE_MODELS = (
    "parties.Party", "lists.ListVersion", "cases.Case", "cases.Inspection", "cases.Finding",
    "cases.FlexibleMeasure", "cases.Commitment", "cases.RectificationOrder", "cases.ReturnVisit",
)
LIST_KEYS = {"no_penalty": "no_penalty_items", "reduced": "reduced_items", "lighter": "lighter_items",
             "no_coercion": "no_coercion_items"}


def _get(obj, *paths: str, default=None):
    """First non-empty attribute along dotted `paths` (`case.party`, `finding.description`…)."""
    for path in paths:
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None) if value is not None else None
            if callable(value) and not hasattr(value, "_meta"):
                value = None
        if value not in (None, "", [], {}):
            return value
    return default


def resolve_source(source_type: str, source_id: str | int, user):
    """Load the source object, scoped to the bureaus the user may read (404 otherwise)."""
    if source_type not in SOURCE_MODELS:
        raise Http404("未知的文书来源。")
    try:
        model = apps.get_model(source_type)
    except LookupError as exc:
        raise Http404("文书来源尚不可用。") from exc
    field = "org" if any(f.name == "org" for f in model._meta.fields) else "case__org"
    obj = model.objects.filter(**{f"{field}__in": readable_org_ids(user)}, pk=source_id).first()
    if obj is None:
        raise Http404("记录不存在或无权查看。")
    return obj


def source_party(source):
    if source is None:
        return None
    if source._meta.label == "parties.Party":
        return source
    return _get(source, "party", "case.party", "inspection.party", "finding.party", "finding.case.party",
                "measure.party", "case.inspection.party")


def _violation(source):
    return _get(source, "violation", "finding.violation", "case.violation", "case.finding.violation")


def _legal_basis(source) -> str:
    explicit = _get(source, "legal_basis", "basis_text", "finding.legal_basis")
    if isinstance(explicit, str):
        return explicit
    violation = _violation(source)
    refs = list(getattr(violation, "breaks", None) or []) if violation is not None else []
    return "、".join(article_text(r) for r in refs if isinstance(r, dict))


def _facts(source) -> str:
    text = _get(source, "facts", "description", "problem", "finding.facts", "finding.description",
                "case.facts", "case.summary")
    if text:
        return str(text)
    violation = _violation(source)
    return getattr(violation, "name", "") if violation is not None else ""


def _date_value(value) -> str:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date().isoformat() if timezone.is_aware(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""


def _datetime_value(value) -> str:
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%dT%H:%M")
    return ""


def _officers(source, user) -> str:
    people = _get(source, "officers", "inspection.officers", "case.officers", "finding.inspection.officers")
    names = []
    if people is not None and hasattr(people, "all"):
        names = [f"{p.display_name}（{p.badge_no}）" if p.badge_no else p.display_name for p in people.all()]
    if not names and user is not None:
        names = [f"{user.display_name}（{user.badge_no}）" if user.badge_no else user.display_name]
    return "、".join(names)


def list_version_rows(version) -> dict[str, list[dict[str, str]]]:
    """Rows of the four lists' publication table (seed 001 annexes 1–4 columns)."""
    rows: dict[str, list[dict[str, str]]] = {key: [] for key in LIST_KEYS.values()}
    for item in version.items.order_by("list_kind", "seq"):
        basis = "；".join(
            b.get("text") or article_text(b) if isinstance(b, dict) else str(b) for b in (item.basis or [])
        )
        measures = "、".join(m if isinstance(m, str) else str(m.get("name", m)) for m in (item.measures or []))
        rows[LIST_KEYS[item.list_kind]].append({
            "seq": str(item.seq), "name": item.name, "code": item.code or "—", "situation": item.situation,
            "basis": basis, "measures": measures,
        })
    return rows


def source_defaults(doc_type: str, *, source, org, user, bureau=None) -> dict[str, str]:
    """Proposed field values of a new draft of `doc_type` from `source` (may be None)."""
    today = timezone.localdate()
    contact_person = (bureau.contact_person if bureau else "") or org.contact_person
    contact_phone = (bureau.contact_phone if bureau else "") or org.contact_phone
    values: dict[str, Any] = {
        "facts": _facts(source) if source is not None else "",
        "legal_basis": _legal_basis(source) if source is not None else "",
        "deadline": _date_value(_get(source, "deadline", "due_date", "rectify_by", "case.deadline")),
        "contact_person": contact_person,
        "contact_phone": contact_phone,
        "talk_place": org.address or "",
    }
    code = DocTypeCode(doc_type)
    if code == DocTypeCode.INTERVIEW:
        values["talk_time"] = _datetime_value(_get(source, "talk_at", "scheduled_at", "interview_at"))
        values["talk_place"] = _get(source, "talk_place", "place", default=values["talk_place"])
    elif code == DocTypeCode.SUGGESTION:
        values["suggestion"] = _get(source, "suggestion", "advice", "measure_text", default="")
    elif code == DocTypeCode.GUIDANCE:
        values["guidance"] = _get(source, "guidance", "advice", "suggestion", default="")
    elif code == DocTypeCode.REMINDER:
        violation = _violation(source)
        values["behaviour"] = getattr(violation, "name", "") or values["facts"]
        refs = list(getattr(violation, "breaks", None) or []) if violation is not None else []
        values["legal_provision"] = "；".join(r.get("text", "") for r in refs if isinstance(r, dict))
    elif code == DocTypeCode.RECTIFICATION:
        values["problems"] = values["facts"]
        values["review_authority"] = (bureau.review_authority if bureau else "") or _default_review_authority(org)
        values["court"] = (bureau.court if bureau else "") or ""
        values["officers"] = _officers(source, user)
    elif code == DocTypeCode.COMMITMENT:
        values["inspection_date"] = _date_value(
            _get(source, "inspected_on", "inspection.inspected_on", "finding.inspection.inspected_on", "created_at")
        ) or today.isoformat()
        values["corrective_actions"] = _get(source, "corrective_actions", "promise", "content", default="")
        values["observation_end"] = _date_value(_get(source, "observation_end", "observe_until"))
    elif code == DocTypeCode.RETURN_VISIT:
        party = source_party(source)
        values.update({
            "party_leader": getattr(party, "legal_rep", "") if party else "",
            "case_number": str(_get(source, "number", "case.number", "code", default="")),
            "handling_unit": getattr(getattr(user, "department", None), "name", "") or org.name,
            "handler": _get(source, "handler.display_name", "case.handler.display_name",
                            default=getattr(user, "display_name", "")),
            "visitor": getattr(user, "display_name", ""),
            "visit_content": _get(source, "result", "outcome", "visit_content", default=""),
            "party_contact_phone": getattr(party, "phone", "") if party else "",
        })
    elif code == DocTypeCode.LIST_PUBLICATION and source is not None:
        values["version_label"] = getattr(source, "label", "")
        values["effective_from"] = _date_value(getattr(source, "effective_from", None))
        values["contact_person"] = getattr(source, "contact_person", "") or contact_person
        values["contact_phone"] = getattr(source, "contact_phone", "") or contact_phone
    names = {f.name for f in DOC_TYPES[doc_type].fields}
    return {k: ("" if v is None else str(v)) for k, v in values.items() if k in names}


def _default_review_authority(org) -> str:
    parent = getattr(org, "parent", None)
    return f"{parent.name}或者本级人民政府" if parent is not None else "本级人民政府"


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
