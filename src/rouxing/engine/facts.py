"""The facts of a decision (input of the contract): typed dataclasses and strict parsing.

`parse_facts` checks shape, types and the closed vocabularies and rejects unknown fields with a Chinese
message naming the field (EngineInputError). Whether the bureau, the violation and the `extra` keys exist
is checked against the rule source by `decide`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import EngineInputError
from .vocabulary import CIRCUMSTANCES, COERCIVE_MEASURES, CORRECTED, HARM, INDUSTRIES, PARTY_KINDS

TOP_FIELDS = frozenset({
    "org", "date", "violation_date", "violation", "item_code", "party", "first_violation", "prior_violations",
    "corrected", "harm", "substantive_compliance", "circumstances", "extra", "coercive_measure",
    "found_date", "violation_ongoing",
})
PART_FIELDS = frozenset({
    "violation", "item_code", "corrected", "harm", "substantive_compliance", "circumstances", "violation_date",
    "violation_ongoing", "first_violation", "prior_violations",
})
"""The fields of one element of `violations` (分别裁量、合并处罚); the others are shared."""
SHARED_FIELDS = frozenset({"org", "date", "found_date", "party", "extra", "violations"})
"""The top-level fields allowed beside `violations`."""
PARTY_FIELDS = frozenset({"kind", "industry", "uscc", "id_number", "age"})
PRIOR_FIELDS = frozenset({"violation", "item_code", "date"})


@dataclass(slots=True)
class Party:
    """行政相对人 as the engine sees it."""

    kind: str = "enterprise"
    industry: str = "general"
    uscc: str | None = None
    id_number: str | None = None
    age: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "industry": self.industry}
        if self.uscc is not None:
            data["uscc"] = self.uscc
        if self.id_number is not None:
            data["id_number"] = self.id_number
        if self.age is not None:
            data["age"] = self.age
        return data


@dataclass(frozen=True)
class PriorViolation:
    """An earlier violation given by the caller (history)."""

    date: dt.date
    violation: str | None = None
    item_code: str | None = None


@dataclass(slots=True)
class Facts:
    """事实: one violation, found on `date` by the bureau `org`, against `party`, in these circumstances.

    A record of immutable values (dates, strings, tuples, frozensets): read it, never edit it; a decision
    holds the `Facts` it read."""

    org: str
    date: dt.date
    violation: str | None = None
    item_code: str | None = None
    violation_date: dt.date | None = None
    party: Party = field(default_factory=Party)
    first_violation: bool | None = None
    prior_violations: tuple[PriorViolation, ...] = ()
    corrected: str | None = None
    harm: str | None = None
    substantive_compliance: bool = False
    circumstances: frozenset[str] = frozenset()
    extra: tuple[tuple[str, Any], ...] = ()
    coercive_measure: str | None = None
    found_date: dt.date | None = None
    """发现之日; None: the decision date."""
    violation_ongoing: bool = False

    @property
    def found(self) -> dt.date:
        """The day the violation was found (`found_date`, else the decision date)."""
        return self.found_date or self.date

    @property
    def effective_harm(self) -> str | None:
        """`harm` as the rules read it: a 生产安全事故 is itself a harmful consequence (生产安全事故报告和调查
        处理条例 art. 3: death, injury or direct economic loss), so with `accident` harm is at least `minor`."""
        if "accident" in self.circumstances and self.harm in (None, "none"):
            return "minor"
        return self.harm

    def values(self, first_violation: bool | None = None) -> dict[str, Any]:
        """The flat fact mapping the compiled predicates read."""
        values: dict[str, Any] = {
            "first_violation": self.first_violation if first_violation is None else first_violation,
            "corrected": self.corrected, "harm": self.effective_harm, "substantive_compliance": self.substantive_compliance,
            "circumstances": self.circumstances, "party.kind": self.party.kind, "party.industry": self.party.industry,
            "party.age": self.party.age, "coercive_measure": self.coercive_measure,
        }
        for key, value in self.extra:
            values["extra." + key] = value
        return values

    def to_dict(self) -> dict[str, Any]:
        """The facts in contract JSON (for storing with a decision and re-evaluating it later)."""
        data: dict[str, Any] = {"org": self.org, "date": self.date.isoformat(), "party": self.party.as_dict()}
        if self.violation is not None:
            data["violation"] = self.violation
        if self.item_code is not None:
            data["item_code"] = self.item_code
        if self.first_violation is not None:
            data["first_violation"] = self.first_violation
        if self.corrected is not None:
            data["corrected"] = self.corrected
        if self.harm is not None:
            data["harm"] = self.harm
        if self.coercive_measure is not None:
            data["coercive_measure"] = self.coercive_measure
        if self.violation_date:
            data["violation_date"] = self.violation_date.isoformat()
        if self.found_date:
            data["found_date"] = self.found_date.isoformat()
        if self.violation_ongoing:
            data["violation_ongoing"] = True
        if self.prior_violations:
            data["prior_violations"] = [
                {k: v for k, v in (("violation", p.violation), ("item_code", p.item_code),
                                   ("date", p.date.isoformat())) if v is not None} for p in self.prior_violations]
        data["substantive_compliance"] = self.substantive_compliance
        data["circumstances"] = sorted(self.circumstances) if self.circumstances else []
        if self.extra:
            data["extra"] = dict(self.extra)
        return data


_fromisoformat = dt.date.fromisoformat


def _date(value: Any, name: str) -> dt.date:
    if type(value) is str and len(value) == 10:
        try:
            return _fromisoformat(value)
        except ValueError:
            pass
        raise EngineInputError(name, f"字段“{name}”的日期“{value}”格式无效，应为YYYY-MM-DD（如2024-06-01）。")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise EngineInputError(name, f"字段“{name}”的日期“{value}”格式无效，应为YYYY-MM-DD（如2024-06-01）。")


def _choice(value: Any, name: str, allowed: dict[str, str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = "、".join(f"{k}（{v}）" for k, v in allowed.items())
        raise EngineInputError(name, f"字段“{name}”的值“{value}”无效，可选：{options}。")
    return value


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise EngineInputError(name, f"字段“{name}”须为true或false，收到“{value}”。")
    return value


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EngineInputError(name, f"字段“{name}”须为非空文字。")
    return value.strip()


def _unknown(raw: dict[str, Any], allowed: frozenset[str], prefix: str) -> None:
    if raw.keys() <= allowed:
        return
    extra = sorted(str(k) for k in raw if k not in allowed)
    if extra:
        name = prefix + extra[0]
        raise EngineInputError(name, f"不允许的字段“{name}”：决定契约没有此字段（可用字段：{'、'.join(sorted(allowed))}）。")


def _party(raw: Any) -> Party:
    if raw is None:
        return Party()
    if not isinstance(raw, dict):
        raise EngineInputError("party", "字段“party”须为对象，如 {\"kind\": \"enterprise\", \"industry\": \"general\"}。")
    _unknown(raw, PARTY_FIELDS, "party.")
    age = raw.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 150):
        raise EngineInputError("party.age", f"字段“party.age”须为0至150之间的整数，收到“{age}”。")
    uscc, id_number = raw.get("uscc"), raw.get("id_number")
    uscc = None if uscc is None else _text(uscc, "party.uscc")
    id_number = None if id_number is None else _text(id_number, "party.id_number")
    kind, industry = raw.get("kind", "enterprise"), raw.get("industry", "general")
    return Party(kind=kind if isinstance(kind, str) and kind in PARTY_KINDS else _choice(kind, "party.kind", PARTY_KINDS),
                 industry=industry if isinstance(industry, str) and industry in INDUSTRIES
                 else _choice(industry, "party.industry", INDUSTRIES), age=age, uscc=uscc, id_number=id_number)


def _priors(raw: Any) -> tuple[PriorViolation, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise EngineInputError("prior_violations", "字段“prior_violations”须为列表。")
    out = []
    for i, row in enumerate(raw):
        name = f"prior_violations[{i}]"
        if not isinstance(row, dict):
            raise EngineInputError(name, f"字段“{name}”须为对象 {{violation 或 item_code, date}}。")
        _unknown(row, PRIOR_FIELDS, name + ".")
        if not (row.get("violation") or row.get("item_code")):
            raise EngineInputError(name, f"字段“{name}”须写明 violation（事项名称）或 item_code（事项编码）。")
        out.append(PriorViolation(
            date=_date(row.get("date"), name + ".date"),
            violation=_text(row["violation"], name + ".violation") if row.get("violation") is not None else None,
            item_code=_text(row["item_code"], name + ".item_code") if row.get("item_code") is not None else None))
    return tuple(out)


def _circumstances(raw: Any) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list):
        raise EngineInputError("circumstances", "字段“circumstances”须为情节代码的列表。")
    if not raw:
        return frozenset()
    for c in raw:
        if not isinstance(c, str) or c not in CIRCUMSTANCES:
            _choice(c, "circumstances", CIRCUMSTANCES)
    return frozenset(raw)


def parse_facts(raw: Any, *, today: dt.date | None = None) -> Facts:
    """Check and convert contract JSON into `Facts`; raises EngineInputError naming the field.

    The fields are checked in this order, so the error names the first bad field."""
    if isinstance(raw, Facts):
        return raw
    if not isinstance(raw, dict):
        raise EngineInputError("facts", "输入须为JSON对象。")
    _unknown(raw, TOP_FIELDS, "")
    if raw.get("org") is None:
        raise EngineInputError("org", "请填写字段“org”（执法机关名称或代码）。")
    if raw.get("violation") is None and raw.get("item_code") is None:
        raise EngineInputError("violation", "请填写字段“violation”（事项名称）或“item_code”（事项编码）。")
    extra = raw.get("extra")
    if extra is not None and not isinstance(extra, dict):
        raise EngineInputError("extra", "字段“extra”须为对象（清单版本声明的条件键及其取值）。")
    get = raw.get
    org = get("org")
    date = get("date")
    violation = get("violation")
    item_code = get("item_code")
    violation_date = get("violation_date")
    first = get("first_violation")
    corrected = get("corrected")
    harm = get("harm")
    compliance = get("substantive_compliance", False)
    circumstances = get("circumstances")
    measure = get("coercive_measure")
    found_date = get("found_date")
    ongoing = get("violation_ongoing", False)
    # each field checked in the order of the contract's table, so the error names the first bad field
    facts = Facts(
        org=org.strip() if isinstance(org, str) and org.strip() else _text(org, "org"),
        date=(today or dt.date.today()) if date is None else _date(date, "date"),
        violation=None if violation is None else _text(violation, "violation"),
        item_code=None if item_code is None else _text(item_code, "item_code"),
        violation_date=None if violation_date is None else _date(violation_date, "violation_date"),
        party=_party(get("party")),
        first_violation=first if first is None or first is True or first is False else _bool(first, "first_violation"),
        prior_violations=_priors(get("prior_violations")),
        corrected=None if corrected is None else (
            corrected if isinstance(corrected, str) and corrected in CORRECTED else _choice(corrected, "corrected", CORRECTED)),
        harm=None if harm is None else (harm if isinstance(harm, str) and harm in HARM else _choice(harm, "harm", HARM)),
        substantive_compliance=compliance if compliance is True or compliance is False
        else _bool(compliance, "substantive_compliance"),
        circumstances=_circumstances(circumstances),
        extra=tuple(sorted((str(k), v) for k, v in extra.items())) if extra else (),
        coercive_measure=None if measure is None else _choice(measure, "coercive_measure", COERCIVE_MEASURES),
        found_date=None if found_date is None else _date(found_date, "found_date"),
        violation_ongoing=ongoing if ongoing is True or ongoing is False else _bool(ongoing, "violation_ongoing"),
    )
    _facts_clear(facts)
    _consistent(facts)
    return facts


def _facts_clear(facts: Facts) -> None:
    """行政处罚法 art. 40: without the correction and the harm the facts are unclear (违法事实不清)."""
    missing = [name for name in ("corrected", "harm") if getattr(facts, name) is None]
    if missing:
        labels = {"corrected": "corrected（改正情况）", "harm": "harm（危害后果）"}
        raise EngineInputError(",".join(missing), f"事实不清：请填写字段{'、'.join(f'“{labels[m]}”' for m in missing)}"
                                                  "（《中华人民共和国行政处罚法》第四十条：违法事实不清、证据不足的，不得给予行政处罚）。")


def _consistent(facts: Facts) -> None:
    """Contradictory facts are errors naming the fields, never silently resolved (contract version 2)."""
    if facts.first_violation is True and "repeated_violation" in facts.circumstances:
        raise EngineInputError("first_violation,circumstances", "事实矛盾：字段“first_violation”为初次违法，"
                                                                "而“circumstances”含“多次违法”（repeated_violation）。")
    for name, day in (("violation_date", facts.violation_date), ("found_date", facts.found_date)):
        if day is not None and day > facts.date:
            raise EngineInputError(name, f"事实矛盾：字段“{name}”（{day.isoformat()}）晚于决定日“date”（{facts.date.isoformat()}）。")
    if facts.violation_date is not None and facts.found_date is not None and facts.found_date < facts.violation_date:
        raise EngineInputError("found_date,violation_date", f"事实矛盾：发现之日“found_date”（{facts.found_date.isoformat()}）"
                                                            f"早于违法行为之日“violation_date”（{facts.violation_date.isoformat()}）。")
    for i, prior in enumerate(facts.prior_violations):
        if prior.date > facts.date:
            raise EngineInputError(f"prior_violations[{i}].date", f"事实矛盾：字段“prior_violations[{i}].date”"
                                                                 f"（{prior.date.isoformat()}）晚于决定日“date”（{facts.date.isoformat()}）。")
    if facts.party.kind == "enterprise" and facts.party.age is not None:
        raise EngineInputError("party.age,party.kind", "事实矛盾：字段“party.age”（年龄）只适用于自然人，"
                                                       "而“party.kind”为企业（单位）。")


def parse_parts(raw: dict[str, Any], *, today: dt.date | None = None) -> list[Facts]:
    """The `violations` input (分别裁量、合并处罚, seed 003): one `Facts` per element, each with the shared `org`,
    `date`, `found_date`, `party` and `extra`; errors name the element (`violations[1].harm`)."""
    _unknown(raw, SHARED_FIELDS, "")
    parts = raw.get("violations")
    if not isinstance(parts, list) or not parts:
        raise EngineInputError("violations", "字段“violations”须为非空列表，每项写明一项违法行为及其情节。")
    shared = {k: v for k, v in raw.items() if k != "violations"}
    out = []
    for i, element in enumerate(parts):
        name = f"violations[{i}]"
        if not isinstance(element, dict):
            raise EngineInputError(name, f"字段“{name}”须为对象（violation 或 item_code 及其情节）。")
        _unknown(element, PART_FIELDS, name + ".")
        try:
            out.append(parse_facts({**shared, **element}, today=today))
        except EngineInputError as exc:
            fields = ",".join(f if f in ("org", "date", "found_date", "extra") or f.startswith(("party", "extra"))
                              else f"{name}.{f}" for f in exc.field.split(","))
            raise EngineInputError(fields, f"第{i + 1}项违法行为：{exc.message}") from exc
    return out
