"""The explanation (说理) of a decision: Chinese prose fit to quote in a document.

It states the facts the engine read, the list item and version applied (or why none applied), the
exclusions, the statutory rules and the articles relied on, and any discretionary option.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .vocabulary import (
    CIRCUMSTANCES,
    CORRECTED,
    EXCLUSION_LABELS,
    HARM,
    INDUSTRIES,
    LIST_LABELS,
    OUTCOME_LABELS,
    PARTY_KINDS,
    citation,
)

if TYPE_CHECKING:
    from .decide import Evaluation
    from .decision import AdditionalPenalty, Coercion, Decision, Fine, PersonFine
    from .facts import Facts
    from .rules import ViolationRef
    from .source import OrgInfo


def cite_text(b: dict[str, Any]) -> str:
    """《law》第九十七条第五项: one provision of a `legal_basis` entry as the statute writes it (vocabulary.citation)."""
    text = citation(str(b.get("law") or ""), b.get("article"), b.get("paragraph"), b.get("item"))
    edition = b.get("edition")
    return text.replace("》", f"》（{edition}）", 1) if edition else text


def _facts_sentence(facts: Facts, ref: ViolationRef, first: bool | None) -> str:
    """经查，当事人为<party>，存在“<violation>”的违法行为，<first violation, correction, harm, ...>。"""
    party = facts.party
    who = f"{PARTY_KINDS[party.kind]}（{INDUSTRIES[party.industry]}）" + (f"，年龄{party.age}周岁" if party.age is not None else "")
    text = f"经查，当事人为{who}，存在“{ref.name.rstrip('。')}”的违法行为"
    # `effective_harm != harm`: an accident raises no or unknown harm to minor
    accident_harm = "accident" in facts.circumstances and facts.harm in (None, "none")
    parts = [""]
    if first is not None:
        parts.append("系初次违法（首次被发现）" if first else "非初次违法")
    if facts.corrected:
        parts.append(CORRECTED[facts.corrected])
    if accident_harm:
        parts.append("发生生产安全事故（已造成危害后果）")
    elif facts.harm:
        parts.append(HARM[facts.harm])
    if facts.substantive_compliance:
        parts.append("有证据证明已履行主要义务，仅形式、记录等不完全符合规定")
    text += "，".join(parts)
    shown = sorted(c for c in facts.circumstances if not (accident_harm and c == "accident"))
    if shown:
        text += "，并有" + "、".join([CIRCUMSTANCES[c] for c in shown]) + "的情节"
    return text + "。"


def _list_sentence(ev: Evaluation, org: OrgInfo) -> str:
    version = ev.version
    if ev.emergency:
        return "依照《中华人民共和国行政处罚法》第四十九条，本案不适用清单的从宽事项。"
    if version is None:
        when = "违法行为发生时" if ev.day == "violation" else "决定日"
        return f"{org.name}在{when}没有施行中的清单版本，依照法律规定处理。"
    head = f"依据{org.name}清单版本{version.version}" + (f"（备案号{version.filing_no}）" if version.filing_no else "")
    if ev.item is not None:
        item = ev.item
        origin = f"（认领自{item.source_org}）" if item.source_org and item.source_org != version.org_name else ""
        return f"{head}，本案符合{LIST_LABELS[item.list]}第{item.seq}项“{item.name.rstrip('。')}”{origin}规定的全部情形。"
    if ev.nearest is not None and ev.unmet:
        item = ev.nearest
        return (f"{head}，本案不符合{LIST_LABELS[item.list]}第{item.seq}项“{item.name.rstrip('。')}”的适用情形，"
                f"尚不满足：{'；'.join(ev.unmet)}。")
    return f"{head}，本案不适用该版本清单的从宽事项。"


def _verdict_sentence(ev: Evaluation, measures: tuple[str, ...]) -> str:
    """综上，依照…，对当事人…，罚款在…之间确定，并采取…等措施 (each provision cited once)."""
    cites = list(dict.fromkeys(cite_text(b) for b in ev.basis))
    verdict = (f"综上，依照{'、'.join(cites)}，对当事人{OUTCOME_LABELS[ev.outcome]}" if cites
               else f"综上，对当事人{OUTCOME_LABELS[ev.outcome]}")
    if ev.fine is not None and ev.outcome != "no_penalty":
        verdict += f"，罚款在裁量基准幅度{ev.fine.band_min}元至{ev.fine.band_max}元之间确定"
    if ev.additional:
        verdict += "，并处" + "、".join(p.label for p in ev.additional)
    for p in ev.person_fines:
        verdict += f"，对{p.who}处{_yuan(p.statutory_min, p.statutory_max)}的罚款（裁量基准幅度{p.band_min}元至{p.band_max}元）"
    return f"{verdict}，并采取{'、'.join(measures)}等措施。" if measures else verdict + "。"


def _yuan(lo: int, hi: int) -> str:
    return f"{lo}元以上{hi}元以下" if lo > 0 else f"{hi}元以下"


def _time_bar_sentence(facts: Facts) -> str:
    assert facts.violation_date is not None  # a barred violation has its date
    years = 5 if facts.effective_harm not in (None, "none") else 2
    return (f"违法行为发生（或者连续、继续状态终了）于{facts.violation_date.isoformat()}，{facts.found.isoformat()}被发现，"
            f"已超过{'五' if years == 5 else '二'}年，依照《中华人民共和国行政处罚法》第三十六条，不再给予行政处罚。")


def _law_text(ev: Evaluation) -> str:
    entry, fine = ev.entry, ev.fine
    source = entry.legal_source if entry is not None and entry.legal_source else "当时的法律"
    if fine is None or ev.outcome == "no_penalty":
        return f"{source}：{OUTCOME_LABELS[ev.outcome]}"
    return (f"{source}：{OUTCOME_LABELS[ev.outcome]}，法定罚款{_yuan(fine.statutory_min, fine.statutory_max)}"
            f"（裁量基准幅度{fine.band_min}元至{fine.band_max}元）")


def _lenient_law_sentence(old: Evaluation, new: Evaluation, *, chosen: Evaluation) -> str:
    """Art. 37: what the rules at the violation date and at the decision date give, and which applies (the list
    versions where they differ, the law where the catalogue's law changed in between)."""
    parts = []
    if old.version is not new.version:
        parts.append(f"违法行为发生时施行的清单版本{old.version.version if old.version else '（无）'}结果为"
                     f"{OUTCOME_LABELS[old.outcome]}，决定时施行的清单版本{new.version.version if new.version else '（无）'}"
                     f"结果为{OUTCOME_LABELS[new.outcome]}")
    if old.entry is not new.entry:
        parts.append(f"违法行为发生时施行的{_law_text(old)}；作出处罚决定时施行的{_law_text(new)}")
    which = "决定时的规定" if chosen is new else "违法行为发生时的规定"
    if old.version is not new.version and old.entry is new.entry:
        return "，".join(parts) + "，依照《中华人民共和国行政处罚法》第三十七条从旧兼从轻的原则，适用较轻的规定。"
    return "；".join(parts) + f"。依照《中华人民共和国行政处罚法》第三十七条从旧兼从轻的原则，适用{which}（新的规定处罚较轻的，适用新的规定）。"


def explain(facts: Facts, org: OrgInfo, ref: ViolationRef, ev: Evaluation, first: bool | None,
            coercion: Coercion | None, compared: tuple[Evaluation, Evaluation] | None) -> str:
    """The reasoning in Chinese, paragraph by paragraph: only facts that are true, each provision once, no
    internal codes."""
    lines = [_facts_sentence(facts, ref, first)]
    if ev.time_barred:
        lines.append(_time_bar_sentence(facts))
    else:
        lines.append(_list_sentence(ev, org))
    if ev.emergency:
        lines.append("当事人在突发事件期间违反突发事件应对措施，依照《中华人民共和国行政处罚法》第四十九条，应当依法快速、从重处罚。")
    if ev.exclusions:
        lines.append("未适用更轻处理的原因：" + "；".join([ev.labels.get(c) or EXCLUSION_LABELS.get(c, "清单事项的适用条件不满足")
                                                   for c in ev.exclusions]) + "。")
    for s in ev.statutes:
        lines.append(f"{s.reason}（{s.basis.cite}）")
    if compared is not None:
        lines.append(_lenient_law_sentence(*compared, chosen=ev))
    lines.append(_verdict_sentence(ev, tuple(ev.measures)))
    for option in ev.options:
        lines.append("另：" + option.reason)
    if "suspected_crime" in facts.circumstances:
        lines.append("当事人涉嫌犯罪，应当依法移送公安机关（行刑衔接）。")
    if coercion is not None:
        lines.append("关于行政强制：" + coercion.reason)
    return "\n".join(lines)


def combined_explanation(parts: list[Decision], fine: Fine | None, additional: list[AdditionalPenalty],
                         person_fines: tuple[PersonFine, ...]) -> str:
    """分别裁量、合并处罚: each part's outcome in one line, then the sum."""
    lines = []
    for i, part in enumerate(parts, 1):
        name = str(part.violation.get("name") or "").rstrip("。")
        band = (f"，罚款幅度{part.fine.band_min}元至{part.fine.band_max}元"
                if part.fine is not None and part.outcome != "no_penalty" else "")
        lines.append(f"第{i}项“{name}”：{OUTCOME_LABELS[part.outcome]}{band}。")
    if fine is not None:
        lines.append(f"以上违法行为分别裁量、合并处罚，罚款合计在{fine.band_min}元至{fine.band_max}元之间确定"
                     + ("，并处" + "、".join(p.label for p in additional) if additional else "") + "。")
    else:
        lines.append("以上违法行为分别裁量，均不予行政处罚。")
    for p in person_fines:
        lines.append(f"对{p.who}处{_yuan(p.statutory_min, p.statutory_max)}的罚款（裁量基准幅度{p.band_min}元至{p.band_max}元）。")
    return "\n".join(lines)
