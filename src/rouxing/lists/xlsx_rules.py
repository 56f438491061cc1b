"""The structured part of a version in the Excel workbook: four extra sheets next to the annex sheets.

- `事项条件`: one row per condition of an item (清单, 序号, 事项名称, 关联处罚事项编码, 组合方式, 条件编号, 事实,
  运算, 取值, 说明, 排除代码, 复合条件); an item without conditions has one row with the condition columns empty
  (it still carries the catalogue link). Items are matched to the annex rows by 清单 + 序号.
- `自定义事实`: 键, 名称, 类型, 选项 (the key is generated when left empty).
- `共同适用条件`: 条件编号, 事实, 运算, 取值, 说明, 排除代码, 适用清单, 复合条件.
- `适用范围排除`: 编号, 排除代码, 事实, 运算, 取值, 说明, 适用清单, 复合条件.

Facts, operators and values are written in Chinese as in the web editor (`editor`), which parses them, so the
two accept the same things. `复合条件` carries, as JSON, a condition the rows cannot express (nested and/or/not,
or a scope exclusion with its own legal basis) unchanged. Export → import gives the same structure back.
A workbook without these sheets is imported as before (the items keep their structure).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from openpyxl.styles import Font

from rouxing.core.spreadsheet import neutralise

from . import editor
from .models import ListKind, ListVersion

ITEM_SHEET = "事项条件"
FACT_SHEET = "自定义事实"
COMMON_SHEET = "共同适用条件"
SCOPE_SHEET = "适用范围排除"
RULE_SHEETS = (ITEM_SHEET, FACT_SHEET, COMMON_SHEET, SCOPE_SHEET)
ITEM_COLUMNS = ("清单", "序号", "事项名称", "关联处罚事项编码", "组合方式", "条件编号", "事实", "运算", "取值", "说明",
                "排除代码", "复合条件")
FACT_COLUMNS = ("键", "名称", "类型", "选项")
COMMON_COLUMNS = ("条件编号", "事实", "运算", "取值", "说明", "排除代码", "适用清单", "复合条件")
SCOPE_COLUMNS = ("编号", "排除代码", "事实", "运算", "取值", "说明", "适用清单", "复合条件")
LIST_BY_LABEL = {label: kind for kind, label in ListKind.choices}
MODES = {"all": "全部满足", "any": "满足任一"}


@dataclass
class RulesSheets:
    """What the extra sheets say (None for a sheet the workbook does not have)."""

    items: dict[tuple[str, int], dict[str, Any]] | None = None  # (list, seq) → {conditions, violations}
    declared: list[dict[str, Any]] | None = None
    common: list[dict[str, Any]] | None = None
    scope: list[dict[str, Any]] | None = None
    rows: dict[tuple[str, int], int] = field(default_factory=dict)  # (list, seq) → first sheet row


# ---------------------------------------------------------------- export


def _lists_text(lists: list[str] | None) -> str:
    return "、".join(dict(ListKind.choices).get(k, k) for k in lists or ())


def _sheet(wb, title: str, columns: tuple[str, ...]):
    ws = wb.create_sheet(title)
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    return ws


def _leaf_cells(row: dict[str, Any]) -> list[Any]:
    if row.get("raw"):
        return ["", "", "", row.get("label", "")]
    spec = editor.BUILTIN_FACTS.get(row["fact"])
    fact = spec.label if spec else row["fact"]
    return [fact, editor.OPS[row["op"]], row["value"], row.get("label", "")]


def export_rules(wb, version: ListVersion) -> None:
    """Add the four structured sheets to an export workbook."""
    declared = version.declared_facts
    ws = _sheet(wb, ITEM_SHEET, ITEM_COLUMNS)
    for item in version.items.order_by("list_kind", "seq"):
        head = [item.get_list_kind_display(), item.seq, item.name, "、".join(item.violations)]
        mode, rows = editor.conditions_to_rows(item.conditions, declared)
        if not rows:
            ws.append([neutralise(v) for v in [*head, MODES[mode]]])
        for row in rows:
            raw = json.dumps(row["raw"], ensure_ascii=False) if row.get("raw") else ""
            ws.append([neutralise(v) for v in [*head, MODES[mode], row.get("cid", ""), *_leaf_cells(row),
                                               row.get("exclusion", ""), raw]])
    ws = _sheet(wb, FACT_SHEET, FACT_COLUMNS)
    for d in declared:
        ws.append([neutralise(v) for v in (d.get("key"), d.get("label"), editor.DECLARED_TYPES.get(d.get("type", "bool")),
                                           "、".join(d.get("options") or []))])
    ws = _sheet(wb, COMMON_SHEET, COMMON_COLUMNS)
    for entry, row in zip(version.common_conditions, editor.listed_to_rows(version.common_conditions, declared),
                          strict=True):
        raw = json.dumps(entry, ensure_ascii=False) if row.get("raw") else ""
        fact, op, value, label = _leaf_cells(row)
        ws.append([neutralise(v) for v in (entry.get("id", ""), fact, op, value, label, entry.get("exclusion", ""),
                                           _lists_text(entry.get("lists")), raw)])
    ws = _sheet(wb, SCOPE_SHEET, SCOPE_COLUMNS)
    for entry, row in zip(version.scope_exclusions, editor.listed_to_rows(version.scope_exclusions, declared),
                          strict=True):
        raw = json.dumps(entry, ensure_ascii=False) if row.get("raw") else ""
        fact, op, value, label = _leaf_cells(row)
        ws.append([neutralise(v) for v in (entry.get("id", ""), entry.get("code", ""), fact, op, value, label,
                                           _lists_text(entry.get("lists")), raw)])
    for title in RULE_SHEETS:
        for col in "ABCDEFGHIJKL":
            wb[title].column_dimensions[col].width = 18


# ---------------------------------------------------------------- import


def _rows(ws, columns: tuple[str, ...], errors: list, error_type) -> list[tuple[int, dict[str, str]]]:
    from .xlsx import _cell_text

    values = list(ws.iter_rows(values_only=True))
    if not values:
        return []
    header = [_cell_text(v) for v in values[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        errors.append(error_type(ws.title, 1, "", f"缺少列：{'、'.join(missing)}。"))
        return []
    index = {c: header.index(c) for c in columns}
    out = []
    for number, row in enumerate(values[1:], start=2):
        cells = {c: _cell_text(row[i]) if i < len(row) else "" for c, i in index.items()}
        if any(cells.values()):
            out.append((number, cells))
    return out


def _lists_of(text: str, sheet: str, number: int, errors: list, error_type) -> list[str]:
    out = []
    for part in editor._split(text):
        kind = LIST_BY_LABEL.get(part) or LIST_BY_LABEL.get(part.removesuffix("清单")) or (
            part if part in ListKind.values else None)
        if kind is None:
            errors.append(error_type(sheet, number, "适用清单", f"未知的清单“{part}”（可选：{'、'.join(LIST_BY_LABEL)}）。"))
        else:
            out.append(kind)
    return out


def _raw(text: str, sheet: str, number: int, errors: list, error_type) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not isinstance(value.get("when"), dict):
        errors.append(error_type(sheet, number, "复合条件", "复合条件须为含 when 的 JSON 对象（由导出生成，请勿手改）。"))
        return None
    return value


def _leaf_row(cells: dict[str, str]) -> dict[str, Any]:
    return {"fact": cells["事实"], "op": cells["运算"], "value": cells["取值"], "label": cells["说明"]}


def _wrap(exc: editor.RowError, sheet: str, error_type):
    return error_type(sheet, exc.row, exc.column, exc.message)


def _read_declared(wb, errors, error_type) -> list[dict[str, Any]] | None:
    if FACT_SHEET not in wb.sheetnames:
        return None
    rows = _rows(wb[FACT_SHEET], FACT_COLUMNS, errors, error_type)
    out: list[dict[str, Any]] = []
    for number, cells in rows:
        try:
            out += editor.parse_declared([{"key": cells["键"], "label": cells["名称"], "type": cells["类型"] or "bool",
                                           "options": cells["选项"]}], out, first_row=number)
        except editor.RowError as exc:
            errors.append(_wrap(exc, FACT_SHEET, error_type))
    return out


def _read_listed(wb, sheet: str, columns, declared, errors, error_type, *, scope: bool) -> list[dict[str, Any]] | None:
    if sheet not in wb.sheetnames:
        return None
    specs = editor.fact_specs(declared)
    out = []
    for number, cells in _rows(wb[sheet], columns, errors, error_type):
        lists = _lists_of(cells["适用清单"], sheet, number, errors, error_type) or ["no_penalty", "reduced", "lighter"]
        raw = _raw(cells["复合条件"], sheet, number, errors, error_type)
        if raw is not None:
            out.append({**raw, "lists": lists})
            continue
        if cells["复合条件"]:
            continue
        try:
            leaf, label, exclusion = editor.row_to_leaf(_leaf_row(cells), number, specs)
        except editor.RowError as exc:
            errors.append(_wrap(exc, sheet, error_type))
            continue
        if scope:
            code = cells["排除代码"] or editor.rows_to_scope([_leaf_row(cells)], declared)[0]["code"]
            out.append({"id": cells["编号"] or f"s{len(out) + 1}", "code": code, "label": label, "when": leaf,
                        "lists": lists})
        else:
            out.append({"id": cells["条件编号"] or f"k{len(out) + 1}", "label": label, "when": leaf,
                        "exclusion": cells["排除代码"] or exclusion, "lists": lists})
    return out


def _read_items(wb, declared, errors, error_type, result: RulesSheets) -> None:
    if ITEM_SHEET not in wb.sheetnames:
        return
    grouped: dict[tuple[str, int], dict[str, Any]] = {}
    for number, cells in _rows(wb[ITEM_SHEET], ITEM_COLUMNS, errors, error_type):
        kind = LIST_BY_LABEL.get(cells["清单"]) or LIST_BY_LABEL.get(cells["清单"].removesuffix("事项清单"))
        if kind is None:
            errors.append(error_type(ITEM_SHEET, number, "清单", f"未知的清单“{cells['清单']}”（可选：{'、'.join(LIST_BY_LABEL)}）。"))
            continue
        if not cells["序号"].isdigit():
            errors.append(error_type(ITEM_SHEET, number, "序号", f"序号“{cells['序号']}”不是正整数。"))
            continue
        key = (kind, int(cells["序号"]))
        mode = {v: k for k, v in MODES.items()}.get(cells["组合方式"] or "全部满足")
        if mode is None:
            errors.append(error_type(ITEM_SHEET, number, "组合方式", "组合方式须为“全部满足”或“满足任一”。"))
            continue
        entry = grouped.setdefault(key, {"mode": mode, "rows": [], "violations": editor._split(cells["关联处罚事项编码"])})
        result.rows.setdefault(key, number)
        raw = _raw(cells["复合条件"], ITEM_SHEET, number, errors, error_type)
        if raw is not None:
            entry["rows"].append((number, {"raw": raw}))
        elif any(cells[c] for c in ("事实", "运算", "取值")):
            entry["rows"].append((number, {**_leaf_row(cells), "cid": cells["条件编号"], "exclusion": cells["排除代码"]}))
    items: dict[tuple[str, int], dict[str, Any]] = {}
    for key, entry in grouped.items():
        conditions: list[dict[str, Any]] = []
        ok = True
        for number, row in entry["rows"]:
            try:
                editor.rows_to_conditions([row], "all", declared, first_row=number)
            except editor.RowError as exc:
                errors.append(_wrap(exc, ITEM_SHEET, error_type))
                ok = False
        if ok:
            conditions = editor.rows_to_conditions([r for _n, r in entry["rows"]], entry["mode"], declared)
        items[key] = {"conditions": conditions, "violations": entry["violations"]}
    result.items = items


def read_rules(wb, errors: list, error_type, current_declared: list[dict[str, Any]] | None = None) -> RulesSheets:
    """Read the structured sheets present in `wb`; problems go to `errors` as `error_type(sheet, row, column, reason)`.
    Without a `自定义事实` sheet the conditions may use the version's current declared facts."""
    result = RulesSheets()
    result.declared = _read_declared(wb, errors, error_type)
    declared = result.declared if result.declared is not None else list(current_declared or [])
    result.common = _read_listed(wb, COMMON_SHEET, COMMON_COLUMNS, declared, errors, error_type, scope=False)
    result.scope = _read_listed(wb, SCOPE_SHEET, SCOPE_COLUMNS, declared, errors, error_type, scope=True)
    _read_items(wb, declared, errors, error_type, result)
    return result
