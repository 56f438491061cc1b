"""Write services of the lists app: catalogue, list versions (动态调整, 认领, 备案, 公布) and items.

Every function is keyword-only, runs in one transaction and writes an audit event. Filed and
published versions are immutable: adjustments are made in a new draft version with a reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.core.audit import audit_record
from rouxing.core.locking import save_with_lock
from rouxing.engine.errors import RuleDataError
from rouxing.engine.rules import catalogue_entry
from rouxing.orgs.models import Org
from rouxing.orgs.roles import LIST_ADMIN_ROLES

from . import filing
from .conditions import ensure_ready
from .models import Benchmark, FlexibleMethod, ListItem, ListKind, ListVersion, Violation
from .reference_data import TEN_METHODS

ITEM_FIELDS = (
    "list_kind", "seq", "name", "code", "violations", "catch_all", "excluded_violations", "situation",
    "conditions", "basis", "measures", "coercive_measures",
)


def _ensure_list_admin(user, org: Org) -> None:
    if user is None:  # system loaders (demo data, imports run by commands)
        return
    if user.org_id != org.pk or user.role not in LIST_ADMIN_ROLES:
        raise PermissionDenied("只有本机关的清单管理员或负责人可以调整清单。")


def _ensure_status(version: ListVersion, target: str) -> None:
    if not version.can_move_to(target):
        raise ValidationError(
            f"清单版本当前状态为“{version.get_status_display()}”，不能变更为“{ListVersion.Status(target).label}”。"
        )


def methods_sync() -> int:
    """Create or update the ten methods (seed 001 annex 6)."""
    for m in TEN_METHODS:
        FlexibleMethod.objects.update_or_create(code=m["code"], defaults={k: v for k, v in m.items() if k != "code"})
    return len(TEN_METHODS)


def catalogue_load(*, data: list[dict[str, Any]], user=None) -> int:
    """Upsert the violation catalogue from rules-format dicts."""
    fields = ("name", "aliases", "breaks", "penalty", "fine_min", "fine_max", "overdue", "hearing_threshold",
              "source_note", "valid_from", "valid_to", "legal_source", "earlier_law")
    for row in data:  # the engine's own check of a catalogue entry (dates, earlier law, 并处) before anything is stored
        try:
            catalogue_entry(row)
        except (RuleDataError, KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"处罚事项“{row.get('code', '')}”格式无效：{exc}") from exc
    with transaction.atomic():
        for row in data:
            Violation.objects.update_or_create(
                code=row["code"], defaults={f: row[f] for f in fields if f in row and row[f] is not None}
            )
        audit_record(event="catalogue.load", actor=user, object_type="lists.Violation", detail={"count": len(data)})
    return len(data)


def benchmark_set(*, org: Org | None, data: dict[str, Any], legal_reference: str = "", user=None) -> Benchmark:
    with transaction.atomic():
        bench, _ = Benchmark.objects.update_or_create(org=org, defaults={"data": data, "legal_reference": legal_reference})
        audit_record(event="benchmark.set", actor=user, obj=bench, org_id=org.pk if org else None)
    return bench


def _item_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {f: data[f] for f in ITEM_FIELDS if f in data}
    if "list" in data and "list_kind" not in values:
        values["list_kind"] = data["list"]
    return values


def _validate_item(values: dict[str, Any]) -> None:
    errors = {}
    if not str(values.get("name", "")).strip():
        errors["name"] = "请填写事项名称。"
    if not str(values.get("situation", "")).strip():
        errors["situation"] = "请填写情形。"
    if not values.get("basis"):
        errors["basis"] = "清单事项须载明依据（法律名称、条款）。"
    if values.get("list_kind") not in ListKind.values:
        errors["list_kind"] = "清单类别无效。"
    if errors:
        raise ValidationError(errors)


def version_import_dict(*, org: Org, data: dict[str, Any], user=None, publish: bool = True,
                        claimed_from: ListVersion | None = None) -> ListVersion:
    """Create a version from a rules-format dict; with `publish`, file and publish it as given."""
    with transaction.atomic():
        version = ListVersion.objects.create(
            org=org, label=data["version"], title=data.get("title", ""), note=data.get("note", ""),
            declared_facts=data.get("declared_facts", []), scope_exclusions=data.get("scope_exclusions", []),
            common_conditions=data.get("common_conditions", []), valid_until=(
                dt.date.fromisoformat(data["valid_until"]) if data.get("valid_until") else None),
            claimed_from=claimed_from, contact_unit=org.name, contact_person=org.contact_person,
            contact_phone=org.contact_phone,
        )
        source_items = {}
        if claimed_from is not None:
            source_items = {(i.list_kind, i.code or i.name): i for i in claimed_from.items.all()}
        for row in data.get("items", []):
            values = _item_values(row)
            _validate_item(values)
            src = source_items.get((values["list_kind"], values.get("code") or values["name"]))
            ListItem.objects.create(
                version=version, rule_id=row.get("id", ""), source_item=src,
                source_org_name=row.get("source_org") or (claimed_from.org.name if src and claimed_from else ""), **values,
            )
        audit_record(event="list_version.import", actor=user, obj=version, detail={"items": len(data.get("items", []))})
        if publish:
            version.import_filed(filing_no=data.get("filing_no", ""), filed_with=org.justice_bureau,
                                 filing_date=dt.date.fromisoformat(data["effective_from"]))
            version.content_hash = version.compute_hash()
            version.save(update_fields=["status", "filing_no", "filing_date", "filed_with", "content_hash"])
            version_publish(version=version, user=user, effective_from=dt.date.fromisoformat(data["effective_from"]),
                            valid_until=dt.date.fromisoformat(data["valid_until"]) if data.get("valid_until") else None)
    return version


def version_create_draft(*, org: Org, user, label: str, based_on: ListVersion | None = None,
                         title: str = "", change_reason: str = "") -> ListVersion:
    """Start a new draft, copying the items of `based_on` (default: the version in force today)."""
    _ensure_list_admin(user, org)
    if not label.strip():
        raise ValidationError({"label": "请填写版本号。"})
    if ListVersion.objects.filter(org=org, label=label.strip()).exists():
        raise ValidationError({"label": f"版本号“{label}”已存在。"})
    if based_on is None:
        from .selectors import version_in_force

        based_on = version_in_force(org=org, day=timezone.localdate())
    if based_on is not None and based_on.org_id != org.pk:
        raise PermissionDenied("只能在本机关的清单版本基础上调整。")
    with transaction.atomic():
        version = ListVersion.objects.create(
            org=org, label=label.strip(), title=title or (based_on.title if based_on else f"{org.name}四张清单"),
            based_on=based_on, claimed_from=based_on.claimed_from if based_on else None,
            declared_facts=based_on.declared_facts if based_on else [],
            scope_exclusions=based_on.scope_exclusions if based_on else [],
            common_conditions=based_on.common_conditions if based_on else [],
            note=based_on.note if based_on else "", change_reason=change_reason,
            contact_unit=org.name, contact_person=org.contact_person, contact_phone=org.contact_phone,
        )
        if based_on is not None:
            _copy_items(based_on, version, source_org_name="")
        audit_record(event="list_version.create", actor=user, obj=version,
                     detail={"based_on": based_on.label if based_on else None})
    return version


def _copy_items(source: ListVersion, target: ListVersion, source_org_name: str) -> None:
    for item in source.items.all():
        ListItem.objects.create(
            version=target, source_item=item, source_org_name=source_org_name or item.source_org_name,
            rule_id=item.rule_id, **{f: getattr(item, f) for f in ITEM_FIELDS},
        )


def version_claim(*, org: Org, source: ListVersion, user, label: str) -> ListVersion:
    """认领: adopt a higher bureau's published version into a new draft, keeping provenance."""
    _ensure_list_admin(user, org)
    if not source.is_public:
        raise ValidationError("只能认领已公布的清单版本。")
    if source.org_id not in {a.pk for a in org.ancestors()}:
        raise ValidationError("只能认领上级机关公布的清单。")
    with transaction.atomic():
        version = ListVersion.objects.create(
            org=org, label=label, title=f"{org.name}四张清单（认领{source.org.name}{source.label}）",
            claimed_from=source, declared_facts=source.declared_facts, scope_exclusions=source.scope_exclusions,
            common_conditions=source.common_conditions,
            note=source.note, change_reason=f"认领{source.org.name}清单版本{source.label}",
            contact_unit=org.name, contact_person=org.contact_person, contact_phone=org.contact_phone,
        )
        _copy_items(source, version, source_org_name=source.org.name)
        audit_record(event="list_version.claim", actor=user, obj=version, detail={"source": source.pk})
    return version


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"change_reason": "调整清单事项须填写调整理由（动态调整须留痕）。"})
    return reason


def _ensure_editable(version: ListVersion) -> None:
    if not version.is_editable:
        raise ValidationError("已提交、备案或公布的清单版本不能修改，请新建版本后调整。")


def _check_item_facts(version: ListVersion, values: dict[str, Any]) -> None:
    from .editor import check_facts

    problems = check_facts(values.get("conditions") or [], version.declared_facts)
    if problems:
        raise ValidationError({"conditions": problems})


def version_update_rules(*, version: ListVersion, user, reason: str, expected_version: int,
                         declared_facts: list[dict[str, Any]], common_conditions: list[dict[str, Any]],
                         scope_exclusions: list[dict[str, Any]], check_items: bool = True) -> ListVersion:
    """Set a draft's declared facts (自定义事实), common conditions (共同适用条件) and scope exclusions
    (适用范围排除) with a reason; refused if the version was saved meanwhile or a condition (of the version or
    of one of its items) reads a fact the version no longer declares. The Excel import, which replaces the
    items in the same transaction, passes `check_items=False` (each item is checked as it is written)."""
    from .editor import check_facts

    _ensure_list_admin(user, version.org)
    _ensure_editable(version)
    reason = _require_reason(reason)
    problems = check_facts(common_conditions, declared_facts) + check_facts(scope_exclusions, declared_facts)
    for item in version.items.order_by("list_kind", "seq") if check_items else ():
        for problem in check_facts(item.conditions, declared_facts):
            problems.append(f"{item.get_list_kind_display()}第{item.seq}项“{item.name}”：{problem}")
    if problems:
        raise ValidationError({"declared_facts": sorted(set(problems))})
    before = {"declared_facts": version.declared_facts, "common_conditions": version.common_conditions,
              "scope_exclusions": version.scope_exclusions}
    with transaction.atomic():
        version.declared_facts = declared_facts
        version.common_conditions = common_conditions
        version.scope_exclusions = scope_exclusions
        save_with_lock(version, expected_version=expected_version,
                       update_fields=["declared_facts", "common_conditions", "scope_exclusions"])
        after = {"declared_facts": declared_facts, "common_conditions": common_conditions,
                 "scope_exclusions": scope_exclusions}
        audit_record(event="list_version.rules", actor=user, obj=version, detail={
            "reason": reason, "changes": {k: {"before": before[k], "after": after[k]} for k in after
                                          if before[k] != after[k]}})
    return version


def item_update(*, item: ListItem, user, data: dict[str, Any], reason: str, expected_version: int) -> ListItem:
    """Change an item of a draft version, with a reason; refused if someone saved it meanwhile."""
    version = item.version
    _ensure_list_admin(user, version.org)
    _ensure_editable(version)
    reason = _require_reason(reason)
    before = {f: getattr(item, f) for f in ITEM_FIELDS}
    values = {**before, **_item_values(data)}
    _validate_item(values)
    _check_item_facts(version, values)
    with transaction.atomic():
        for field, value in values.items():
            setattr(item, field, value)
        item.change_reason = reason
        save_with_lock(item, expected_version=expected_version, update_fields=[*ITEM_FIELDS, "change_reason"])
        changed = {f: {"before": before[f], "after": values[f]} for f in ITEM_FIELDS if before[f] != values[f]}
        audit_record(event="list_item.update", actor=user, obj=item, org_id=version.org_id,
                     detail={"reason": reason, "changes": changed})
    return item


def item_create(*, version: ListVersion, user, data: dict[str, Any], reason: str) -> ListItem:
    _ensure_list_admin(user, version.org)
    _ensure_editable(version)
    reason = _require_reason(reason)
    values = _item_values(data)
    if "seq" not in values:
        last = version.items.filter(list_kind=values.get("list_kind")).order_by("-seq").first()
        values["seq"] = (last.seq + 1) if last else 1
    _validate_item(values)
    _check_item_facts(version, values)
    with transaction.atomic():
        item = ListItem.objects.create(version=version, change_reason=reason, source_org_name=version.org.name,
                                       **values)
        audit_record(event="list_item.create", actor=user, obj=item, org_id=version.org_id,
                     detail={"reason": reason, "name": item.name})
    return item


def item_delete(*, item: ListItem, user, reason: str) -> None:
    version = item.version
    _ensure_list_admin(user, version.org)
    _ensure_editable(version)
    reason = _require_reason(reason)
    with transaction.atomic():
        audit_record(event="list_item.delete", actor=user, obj=item, org_id=version.org_id,
                     detail={"reason": reason, "name": item.name, "list": item.list_kind, "seq": item.seq})
        item.delete()


def version_submit(*, version: ListVersion, user) -> ListVersion:
    """Submit a draft to the supervising 司法局 for 备案 (报送备案); it becomes read-only."""
    _ensure_list_admin(user, version.org)
    _ensure_status(version, ListVersion.Status.SUBMITTED)
    if not version.items.exists() and not version.note:
        raise ValidationError("清单版本没有任何事项，也没有说明，不能提交。")
    ensure_ready(version, "提交审核")
    with transaction.atomic():
        version.submit(at=timezone.now())
        version.save(update_fields=["status", "submitted_at"])
        filing.filing_submitted(version=version, user=user)
        audit_record(event="list_version.submit", actor=user, obj=version)
    return version


def version_return(*, version: ListVersion, user, reason: str) -> ListVersion:
    """The bureau withdraws its submission (撤回报送): the version is a draft again."""
    _ensure_list_admin(user, version.org)
    _ensure_status(version, ListVersion.Status.DRAFT)
    reason = _require_reason(reason)
    with transaction.atomic():
        version.withdraw_submission()
        version.save(update_fields=["status"])
        filing.filing_withdrawn(version=version, user=user, reason=reason)
        audit_record(event="list_version.return", actor=user, obj=version, detail={"reason": reason})
    return version


def version_file(*, version: ListVersion, user, filing_no: str = "", filing_date: dt.date | None) -> ListVersion:
    """予以备案 by the supervising 司法局 (see `filing.version_file`; the bureau cannot file its own version)."""
    return filing.version_file(version=version, user=user, filing_no=filing_no, filing_date=filing_date)


def version_publish(*, version: ListVersion, user, effective_from: dt.date,
                    valid_until: dt.date | None = None) -> ListVersion:
    """Publish a filed version from `effective_from`; the version in force then stops that day.

    `valid_until` (有效期至, inclusive; default: the version's own) ends a 试行 version: from the next day it no
    longer applies (`effective_to` is the day after).
    """
    _ensure_list_admin(user, version.org)
    _ensure_status(version, ListVersion.Status.PUBLISHED)
    if effective_from is None:
        raise ValidationError({"effective_from": "请填写施行日期。"})
    valid_until = valid_until or version.valid_until
    if valid_until is not None and valid_until < effective_from:
        raise ValidationError({"valid_until": "有效期至不能早于施行日期。"})
    if version.filing_date and effective_from < version.filing_date:
        raise ValidationError({"effective_from": "施行日期不能早于备案日期。"})
    if version.content_hash and version.content_hash != version.compute_hash():
        raise ValidationError("清单内容与备案时的摘要不一致，不能公布。")
    ensure_ready(version, "公布")
    with transaction.atomic():
        previous = (
            ListVersion.objects.select_for_update()
            .filter(org=version.org, status=ListVersion.Status.PUBLISHED)
            .exclude(pk=version.pk)
        )
        for old in previous:
            if old.effective_from and old.effective_from >= effective_from:
                raise ValidationError({"effective_from": f"施行日期须晚于现行版本{old.label}的施行日期。"})
            old.supersede(on=effective_from)  # a 试行 version expiring earlier keeps its earlier end
            old.save(update_fields=["effective_to", "status"])
            audit_record(event="list_version.supersede", actor=user, obj=old, detail={"by": version.label})
        version.publish(effective_from=effective_from, valid_until=valid_until, at=timezone.now())
        version.save(update_fields=["status", "effective_from", "valid_until", "effective_to", "published_at"])
        audit_record(event="list_version.publish", actor=user, obj=version,
                     detail={"effective_from": effective_from.isoformat(),
                             "valid_until": valid_until.isoformat() if valid_until else None})
    return version


def version_withdraw(*, version: ListVersion, user, reason: str) -> ListVersion:
    """撤回 a published (or superseded) version with a reason: from then on it is never applied, neither on
    its own dates nor in a 从旧兼从轻 comparison (行政处罚法 art. 37). The version it replaced is not revived:
    the bureau publishes a new version for the period."""
    _ensure_list_admin(user, version.org)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "撤回已公布的清单版本须填写撤回理由。"})
    with transaction.atomic():
        version = ListVersion.objects.select_for_update().get(pk=version.pk)
        _ensure_status(version, ListVersion.Status.WITHDRAWN)
        before = version.status
        version.withdraw(at=timezone.now(), reason=reason)
        version.save(update_fields=["status", "withdrawn_at", "withdraw_reason"])
        audit_record(event="list_version.withdraw", actor=user, obj=version,
                     detail={"reason": reason, "status_before": before})
    return version
