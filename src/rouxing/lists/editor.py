"""The condition editor (条件编辑) in words: structured conditions as rows a 清单管理员 fills in without code.

A *row* is `{fact, op, value, label}` in Chinese terms: `fact` one of the built-in facts of the decision
contract (/work/shared/contracts/decision.md) or `extra.<key>` of a fact the version declares; `op` one of
`OPS`; `value` the typed text (`是`/`否`, a number such as `10`, or Chinese value labels separated by `、`).
`rows_to_conditions` turns rows into the rules-format conditions (docs/rules-format.md), combined with
`all` (every row a condition) or `any` (one condition `any_of` whose leaves carry their labels);
`conditions_to_rows` is its inverse, so what was entered shows again unchanged. A condition the rows
cannot express (nested and/or/not from older data) is kept as a *fixed* row (`raw`), shown in words.

Errors are `RowError`s naming the row and the column in Chinese; the same parser serves the web form and
the Excel sheets (`xlsx`), so both accept and refuse the same things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

OPS = {
    "eq": "为", "ne": "不为", "in": "属于其一", "not_in": "不属于", "has": "包含", "lacks": "不包含",
    "gte": "不小于（≥）", "lte": "不大于（≤）",
}
OP_BY_LABEL = {**{v: k for k, v in OPS.items()}, "≥": "gte", "≤": "lte", "不小于": "gte", "不大于": "lte",
               "属于": "in", "等于": "eq"}

CORRECTED = {"immediately": "当场/及时改正", "within_deadline": "责令限期改正后按期改正",
             "overdue": "逾期未改正", "refused": "拒不改正", "not_yet": "尚未到改正期限"}
HARM = {"none": "没有造成危害后果", "minor": "危害后果轻微", "serious": "危害后果严重"}
PARTY_KINDS = {"enterprise": "企业（单位）", "person": "自然人"}
INDUSTRIES = {
    "general": "一般行业", "mining": "矿山", "hazardous_chemicals": "危险化学品", "metal_smelting": "金属冶炼",
    "construction": "建筑施工", "road_transport": "道路运输", "fireworks": "烟花爆竹", "other_high_risk": "其他高危行业",
}
CIRCUMSTANCES = {
    "actively_eliminated_harm": "主动消除或者减轻危害后果", "coerced_or_induced": "受他人胁迫或者诱骗",
    "confessed_unknown_violation": "主动供述行政机关尚未掌握的违法行为", "meritorious_service": "配合查处有立功表现",
    "no_subjective_fault": "有证据足以证明没有主观过错", "accident": "发生生产安全事故",
    "major_hidden_danger": "存在重大事故隐患", "illegal_production": "非法生产、建设、经营",
    "bad_social_impact": "造成恶劣社会影响", "emergency_measure_violation": "突发事件期间违反应对措施",
    "suspected_crime": "涉嫌犯罪", "repeated_violation": "多次违法", "imminent_danger": "存在生产安全事故现实危险",
    "refused_temporary_measures": "拒不执行临时紧急措施",
    "nonconforming_equipment": "设施、设备、器材不符合国家标准或者行业标准",
    "illegal_dangerous_goods": "违法生产、储存、使用、经营、运输的危险物品", "irreversible_harm": "危害后果难以挽回",
}
BOOL = {True: "是", False: "否"}


@dataclass(frozen=True)
class FactSpec:
    """A fact a condition may read: its Chinese label, kind (`bool` `number` `choice` `set`) and values."""

    key: str
    label: str
    kind: str
    values: dict[Any, str] | None = None
    exclusion: str = "conditions_unmet"

    @property
    def ops(self) -> tuple[str, ...]:
        return {"bool": ("eq", "ne"), "number": ("lte", "gte", "eq", "ne"), "choice": ("in", "not_in", "eq", "ne"),
                "set": ("lacks", "has")}[self.kind]

    def values_text(self) -> str:
        if self.kind == "bool":
            return "是、否"
        if self.kind == "number":
            return "数字，如 10"
        return "、".join((self.values or {}).values())


BUILTIN_FACTS: dict[str, FactSpec] = {f.key: f for f in (
    FactSpec("first_violation", "初次违法（首次被发现）", "bool", exclusion="not_first_violation"),
    FactSpec("corrected", "改正情况", "choice", CORRECTED, exclusion="not_corrected"),
    FactSpec("harm", "危害后果", "choice", HARM, exclusion="harm"),
    FactSpec("substantive_compliance", "已履行主要义务（仅形式、记录等不完全符合）", "bool"),
    FactSpec("circumstances", "情节", "set", CIRCUMSTANCES),
    FactSpec("party.kind", "相对人类型", "choice", PARTY_KINDS),
    FactSpec("party.industry", "行业类别", "choice", INDUSTRIES, exclusion="high_risk_industry"),
    FactSpec("party.age", "相对人年龄", "number"),
)}
DECLARED_TYPES = {"bool": "是/否", "number": "数值", "choice": "选项"}


class RowError(ValueError):
    """A problem in one row and column, with a Chinese message."""

    def __init__(self, row: int, column: str, message: str):
        super().__init__(f"第{row}行“{column}”：{message}")
        self.row, self.column, self.message = row, column, message


def declared_spec(fact: dict[str, Any]) -> FactSpec:
    """The `FactSpec` of a version-declared fact `{key, label, type, options}`."""
    kind = fact.get("type") or "bool"
    options = {o: o for o in fact.get("options") or ()} if kind == "choice" else None
    return FactSpec(f"extra.{fact['key']}", str(fact.get("label") or fact["key"]), kind, options)


def fact_specs(declared: list[dict[str, Any]] | None = None) -> dict[str, FactSpec]:
    """Built-in facts followed by the version's declared facts."""
    specs = dict(BUILTIN_FACTS)
    for d in declared or ():
        if isinstance(d, dict) and d.get("key"):
            spec = declared_spec(d)
            specs[spec.key] = spec
    return specs


def fact_by_text(text: str, specs: dict[str, FactSpec]) -> FactSpec | None:
    text = (text or "").strip()
    if text in specs:
        return specs[text]
    for spec in specs.values():
        if text == spec.label:
            return spec
    return None


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、，,；;]+", text or "") if p.strip()]


SEPARATORS = "、，,；;\n "


def _tokens(text: str, labels: dict[Any, str]) -> list[tuple[str, Any]]:
    """(text, code) of each value in `text`: the longest label or code at each position (labels may themselves
    contain “、”, e.g. 非法生产、建设、经营); an unknown part up to the next separator has code None."""
    words = sorted([(label, code) for code, label in labels.items()] + [(str(c), c) for c in labels],
                   key=lambda w: -len(w[0]))
    out: list[tuple[str, Any]] = []
    i = 0
    while i < len(text):
        if text[i] in SEPARATORS:
            i += 1
            continue
        for word, code in words:
            end = i + len(word)
            if text.startswith(word, i) and (end == len(text) or text[end] in SEPARATORS):
                out.append((word, code))
                i = end
                break
        else:
            end = i
            while end < len(text) and text[end] not in SEPARATORS:
                end += 1
            out.append((text[i:end], None))
            i = end
    return out


def _parse_bool(spec: FactSpec, text: Any, row: int, column: str) -> bool:
    if isinstance(text, bool):
        return text
    word = str(text or "").strip()
    if word in ("是", "true", "True", "1"):
        return True
    if word in ("否", "false", "False", "0"):
        return False
    raise RowError(row, column, f"“{spec.label}”的取值须为“是”或“否”。")


def parse_value(spec: FactSpec, op: str, text: Any, row: int, column: str = "取值") -> Any:
    """The typed value of a row, or `RowError`."""
    if spec.kind == "bool":
        return _parse_bool(spec, text, row, column)
    if spec.kind == "number":
        word = str(text if text is not None else "").strip().removesuffix("人").removesuffix("岁")
        try:
            number = float(word)
        except ValueError:
            raise RowError(row, column, f"“{spec.label}”的取值须为数字（如 10）。") from None
        return int(number) if number.is_integer() else number
    out = []
    for part, code in _tokens(str(text or ""), spec.values or {}):
        if code is None:
            raise RowError(row, column, f"“{part}”不是“{spec.label}”的可选值（可选：{spec.values_text()}）。")
        out.append(code)
    if not out:
        raise RowError(row, column, f"请填写“{spec.label}”的取值（可选：{spec.values_text()}）。")
    if op in ("eq", "ne"):
        if len(out) != 1:
            raise RowError(row, column, f"运算“{OPS[op]}”只能填写一个取值；多个取值请选“属于其一”或“不属于”。")
        return out[0]
    if spec.kind == "set":
        return out[0] if len(out) == 1 else out
    return out


def value_text(spec: FactSpec | None, value: Any) -> str:
    """The text form of a value (the inverse of `parse_value`)."""
    if isinstance(value, bool):
        return BOOL[value]
    if isinstance(value, list | tuple):
        return "、".join(value_text(spec, v) for v in value)
    if spec is not None and spec.values and value in spec.values:
        return spec.values[value]
    return str(value)


def describe_leaf(spec: FactSpec, op: str, value: Any) -> str:
    return f"{spec.label}{OPS[op].split('（')[0]}{value_text(spec, value)}"


def row_to_leaf(row: dict[str, Any], number: int, specs: dict[str, FactSpec]) -> tuple[dict[str, Any], str, str]:
    """(predicate leaf, label, exclusion code) of one filled row."""
    spec = fact_by_text(str(row.get("fact") or ""), specs)
    if spec is None:
        raise RowError(number, "事实", f"未知的事实“{row.get('fact') or ''}”：请从内置事实或本版本声明的自定义事实中选择。")
    op_text = str(row.get("op") or "").strip()
    op = op_text if op_text in OPS else OP_BY_LABEL.get(op_text)
    if op is None:
        raise RowError(number, "运算", f"未知的运算“{op_text}”（可选：{'、'.join(OPS[o] for o in spec.ops)}）。")
    if op not in spec.ops:
        raise RowError(number, "运算", f"“{spec.label}”不能用运算“{OPS[op]}”（可选：{'、'.join(OPS[o] for o in spec.ops)}）。")
    value = parse_value(spec, op, row.get("value"), number)
    label = str(row.get("label") or "").strip() or describe_leaf(spec, op, value)
    exclusion = spec.exclusion
    if spec.kind == "set" and op == "lacks" and isinstance(value, str):
        exclusion = value
    return {"fact": spec.key, "op": op, "value": value}, label, exclusion


def _is_blank(row: dict[str, Any]) -> bool:
    return not any(str(row.get(k) or "").strip() for k in ("fact", "op", "value", "label", "raw"))


def rows_to_conditions(rows: list[dict[str, Any]], mode: str = "all",
                       declared: list[dict[str, Any]] | None = None, *, first_row: int = 1) -> list[dict[str, Any]]:
    """Rules-format conditions from editor rows (blank rows are skipped; `raw` rows are kept as they were).

    Raises `RowError` for the first bad row (`first_row` is the number of the first row, for messages)."""
    specs = fact_specs(declared)
    entries: list[tuple[dict[str, Any], tuple[dict, str, str] | None]] = []  # (row, parsed leaf or None if raw)
    for offset, row in enumerate(rows):
        if _is_blank(row):
            continue
        entries.append((row, None if row.get("raw") else row_to_leaf(row, first_row + offset, specs)))
    fixed = [row["raw"] for row, parsed in entries if parsed is None]
    plain = [(row, parsed) for row, parsed in entries if parsed is not None]
    if mode == "any" and plain:
        leaves = [{**leaf, "label": label} for _row, (leaf, label, _exc) in plain]
        anyof = {"id": "any_of", "label": "满足以下任一条件：" + "；".join(label for _r, (_l, label, _e) in plain),
                 "when": {"any": leaves}, "exclusion": "conditions_unmet"}
        return [*fixed, anyof]
    used = {c.get("id") for c in fixed} | {str(r.get("cid")) for r, _p in plain if r.get("cid")}
    out: list[dict[str, Any]] = []
    n = 0
    for row, parsed in entries:
        if parsed is None:
            out.append(row["raw"])
            continue
        leaf, label, exclusion = parsed
        n += 1
        cid = str(row.get("cid") or "")
        if not cid:
            cid = f"c{n}"
            while cid in used:
                cid += "x"
            used.add(cid)
        if row.get("exclusion") and row.get("orig_fact", leaf["fact"]) == leaf["fact"]:
            exclusion = str(row["exclusion"])  # kept as entered while the row reads the same fact
        out.append({"id": cid, "label": label, "when": leaf, "exclusion": exclusion})
    return out


def _leaf_row(when: dict[str, Any], label: str, specs: dict[str, FactSpec]) -> dict[str, Any] | None:
    if not isinstance(when, dict) or "fact" not in when or when.get("op") not in OPS:
        return None
    spec = specs.get(when["fact"])
    if spec is None:
        return None
    return {"fact": spec.key, "op": when["op"], "value": value_text(spec, when.get("value")), "label": label}


def conditions_to_rows(conditions: list[dict[str, Any]],
                       declared: list[dict[str, Any]] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """(mode, rows) showing `conditions` in the editor; the inverse of `rows_to_conditions`."""
    specs = fact_specs(declared)
    conditions = list(conditions or [])
    if len(conditions) == 1 and conditions[0].get("id") == "any_of" and "any" in (conditions[0].get("when") or {}):
        leaves = conditions[0]["when"]["any"]
        rows = [_leaf_row(leaf, leaf.get("label", ""), specs) for leaf in leaves]
        if all(r is not None for r in rows):
            return "any", [r for r in rows if r is not None]
    rows = []
    for c in conditions:
        row = _leaf_row(c.get("when") or {}, str(c.get("label") or ""), specs)
        if row is None:
            rows.append({"raw": c, "label": str(c.get("label") or "")})
        else:
            rows.append({**row, "cid": c.get("id") or "", "exclusion": c.get("exclusion") or "",
                         "orig_fact": row["fact"]})
    return "all", rows


def check_facts(conditions: list[dict[str, Any]], declared: list[dict[str, Any]] | None) -> list[str]:
    """Facts the conditions read that are neither built in nor declared by the version (Chinese messages)."""
    specs = fact_specs(declared)
    problems = []

    def walk(when: Any) -> None:
        if not isinstance(when, dict):
            return
        for key in ("all", "any"):
            for part in when.get(key) or ():
                walk(part)
        if "not" in when:
            walk(when["not"])
        if "fact" in when and when["fact"] not in specs and when["fact"] != "coercive_measure":
            problems.append(f"条件引用了未声明的事实“{when['fact']}”，请先在本版本的自定义事实中声明。")

    for c in conditions or ():
        walk(c.get("when") if isinstance(c, dict) else None)
    return problems


def next_fact_key(existing: list[dict[str, Any]]) -> str:
    """A generated key for a new declared fact: `f1`, `f2`, … (never reused within the version)."""
    taken = {d.get("key") for d in existing}
    n = 1
    while f"f{n}" in taken:
        n += 1
    return f"f{n}"


def parse_declared(rows: list[dict[str, Any]], existing: list[dict[str, Any]] | None = None,
                   *, first_row: int = 1) -> list[dict[str, Any]]:
    """Declared facts `{key, label, type, options}` from rows `{key, label, type, options}` (key generated)."""
    out: list[dict[str, Any]] = []
    kinds_by_label = {v: k for k, v in DECLARED_TYPES.items()}
    for offset, row in enumerate(rows):
        number = first_row + offset
        label = str(row.get("label") or "").strip()
        if not label and not str(row.get("options") or "").strip():
            continue
        if not label:
            raise RowError(number, "名称", "请填写自定义事实的名称（如：涉及人员数）。")
        kind_text = str(row.get("type") or "bool").strip()
        kind = kind_text if kind_text in DECLARED_TYPES else kinds_by_label.get(kind_text)
        if kind is None:
            raise RowError(number, "类型", f"未知的类型“{kind_text}”（可选：{'、'.join(DECLARED_TYPES.values())}）。")
        key = str(row.get("key") or "").strip() or next_fact_key([*(existing or []), *out])
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key):
            raise RowError(number, "键", f"键“{key}”无效：只能由小写字母、数字和下划线组成。")
        if any(d["key"] == key for d in out):
            raise RowError(number, "键", f"键“{key}”重复。")
        fact: dict[str, Any] = {"key": key, "label": label, "type": kind}
        if kind == "choice":
            options = _split(str(row.get("options") or ""))
            if len(options) < 2:
                raise RowError(number, "选项", "“选项”类型须填写至少两个选项，以“、”分隔。")
            fact["options"] = options
        for extra in ("source",):
            if row.get(extra):
                fact[extra] = row[extra]
        out.append(fact)
    return out


def _lists_of(row: dict[str, Any]) -> list[str]:
    lists = [x for x in row.get("lists") or () if x in ("no_penalty", "reduced", "lighter", "no_coercion")]
    return lists or ["no_penalty", "reduced", "lighter"]


def rows_to_common(rows: list[dict[str, Any]], declared: list[dict[str, Any]] | None = None,
                   *, first_row: int = 1) -> list[dict[str, Any]]:
    """共同适用条件 from rows (each with the lists it covers; default the three lenient lists)."""
    specs = fact_specs(declared)
    out = []
    for offset, row in enumerate(rows):
        if _is_blank(row):
            continue
        if row.get("raw"):
            out.append({**row["raw"], "lists": _lists_of(row) if row.get("lists") else row["raw"].get("lists")})
            continue
        leaf, label, exclusion = row_to_leaf(row, first_row + offset, specs)
        out.append({"id": f"k{len(out) + 1}", "label": label, "when": leaf, "exclusion": exclusion,
                    "lists": _lists_of(row)})
    return out


SCOPE_CODES = {"party.industry": "high_risk_industry"}


def rows_to_scope(rows: list[dict[str, Any]], declared: list[dict[str, Any]] | None = None,
                  *, first_row: int = 1) -> list[dict[str, Any]]:
    """适用范围排除 from rows: the row describes when the exclusion holds (e.g. 行业类别属于其一 危险化学品、矿山)."""
    specs = fact_specs(declared)
    out = []
    for offset, row in enumerate(rows):
        if _is_blank(row):
            continue
        if row.get("raw"):
            out.append({**row["raw"], "lists": _lists_of(row) if row.get("lists") else row["raw"].get("lists")})
            continue
        leaf, label, _exclusion = row_to_leaf(row, first_row + offset, specs)
        code = SCOPE_CODES.get(leaf["fact"], "conditions_unmet")
        if leaf["fact"] == "circumstances" and leaf["op"] == "has" and isinstance(leaf["value"], str):
            code = leaf["value"]
        out.append({"id": f"s{len(out) + 1}", "code": code, "label": label, "when": leaf, "lists": _lists_of(row)})
    return out


def listed_to_rows(entries: list[dict[str, Any]], declared: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Rows of common conditions or scope exclusions (a simple leaf is editable; anything else is kept `raw`).

    A scope exclusion with a legal basis or an own code is kept `raw` too, so nothing of it is lost."""
    specs = fact_specs(declared)
    rows = []
    for entry in entries or ():
        row = _leaf_row(entry.get("when") or {}, str(entry.get("label") or ""), specs)
        plain_code = entry.get("code") in (None, "conditions_unmet", SCOPE_CODES.get((entry.get("when") or {}).get("fact")),
                                           (entry.get("when") or {}).get("value"))
        if row is None or entry.get("basis") or not plain_code:
            row = {"raw": entry, "label": str(entry.get("label") or "")}
        row["lists"] = list(entry.get("lists") or [])
        rows.append(row)
    return rows


def describe_when(when: Any, declared: list[dict[str, Any]] | None = None) -> str:
    """Any predicate in words (for kept compound conditions)."""
    specs = fact_specs(declared)

    def words(w: Any) -> str:
        if not isinstance(w, dict):
            return ""
        if "all" in w:
            return "并且".join(f"（{words(p)}）" for p in w["all"])
        if "any" in w:
            return "或者".join(f"（{words(p)}）" for p in w["any"])
        if "not" in w:
            return f"并非（{words(w['not'])}）"
        spec = specs.get(str(w.get("fact")))
        if spec is None or w.get("op") not in OPS:
            return f"{w.get('fact')} {w.get('op')} {w.get('value')}"
        return describe_leaf(spec, w["op"], w.get("value"))

    return words(when)


def holds(when: Any, values: dict[str, Any]) -> bool:
    """Whether a predicate holds for example facts (flat keys as in the contract: `party.industry`, `extra.f1`).

    Used by the editor's preview; an absent fact never satisfies eq/in/gte/lte/has (as in the engine)."""
    if not isinstance(when, dict):
        return False
    if "all" in when:
        return all(holds(p, values) for p in when["all"])
    if "any" in when:
        return any(holds(p, values) for p in when["any"])
    if "not" in when:
        return not holds(when["not"], values)
    return _leaf_holds(when.get("op"), when.get("value"), values.get(str(when.get("fact"))))


def _leaf_holds(op: Any, value: Any, actual: Any) -> bool:
    if op == "eq":
        return actual is not None and actual == value
    if op == "ne":
        return actual != value
    if op == "in":
        return actual in (value or ())
    if op == "not_in":
        return actual not in (value or ())
    if op in ("gte", "lte"):
        if not isinstance(actual, int | float) or isinstance(actual, bool):
            return False
        return actual >= value if op == "gte" else actual <= value
    wanted = set(value) if isinstance(value, list | tuple) else {value}
    present = set(actual) if isinstance(actual, list | tuple | set | frozenset) else set()
    if op == "has":
        return wanted <= present
    if op == "lacks":
        return not (wanted & present)
    return False
