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
)

if TYPE_CHECKING:
    from .decide import Evaluation
    from .decision import Coercion, Fine
    from .facts import Facts
    from .rules import ItemRule, RuleSet, ViolationRef
    from .source import OrgInfo


_CITES: dict[tuple[Any, ...], str] = {}


def cite_text(b: dict[str, Any]) -> str:
    """《law》第n条第m款 (memoised per provision: the text depends on these three values only)."""
    law, article, paragraph = b.get("law", ""), b.get("article"), b.get("paragraph")
    key = (law, article, paragraph, type(law), type(article), type(paragraph))
    try:
        return _CITES[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable value in malformed rule data: format it without memoising
        key = None  # type: ignore[assignment]  # no memo for this one
    para = f"第{paragraph}款" if paragraph else ""
    art = f"第{article}条" if article else ""
    text = f"《{law}》{art}{para}"
    if key is not None and len(_CITES) < 4096:
        _CITES[key] = text
    return text


_PARTY_TEXT = {(kind, industry): f"{kind_label}（{industry_label}）"
               for kind, kind_label in PARTY_KINDS.items() for industry, industry_label in INDUSTRIES.items()}


_FACT_TAILS: dict[tuple[Any, ...], str] = {}


def _facts_tail(first: bool | None, corrected: str | None, harm: str | None, substantive: bool,
                circumstances: frozenset[str]) -> str:
    """The enumerated part of the facts sentence (first violation, correction, harm, compliance, the other
    circumstances) up to its full stop: label lookups over enumerated values, rendered once per tuple."""
    key = (first, corrected, harm, substantive, circumstances)
    text = _FACT_TAILS.get(key)
    if text is None:
        # `effective_harm != harm`: an accident raises no or unknown harm to minor
        accident_harm = "accident" in circumstances and harm in (None, "none")
        parts = [""]
        if first is not None:
            parts.append("系初次违法（首次被发现）" if first else "非初次违法")
        if corrected:
            parts.append(CORRECTED[corrected])
        if accident_harm:
            parts.append("发生生产安全事故（已造成危害后果）")
        elif harm:
            parts.append(HARM[harm])
        if substantive:
            parts.append("有证据证明已履行主要义务，仅形式、记录等不完全符合规定")
        text = "，".join(parts)
        shown = sorted(c for c in circumstances if not (accident_harm and c == "accident"))
        if shown:
            text += "，并有" + "、".join([CIRCUMSTANCES[c] for c in shown]) + "的情节"
        text += "。"
        if len(_FACT_TAILS) < 4096:
            _FACT_TAILS[key] = text
    return text


_FACT_HEADS: dict[tuple[Any, ...], str] = {}


def _facts_head(kind: str, industry: str, age: int | None, name: str) -> str:
    """经查，当事人为<party>，存在“<violation>”的违法行为: rendered once per (party kind, industry, age,
    violation name)."""
    key = (kind, industry, age, name)
    text = _FACT_HEADS.get(key)
    if text is None:
        who = _PARTY_TEXT[kind, industry] + (f"，年龄{age}周岁" if age is not None else "")
        text = f"经查，当事人为{who}，存在“{name.rstrip('。')}”的违法行为"
        if len(_FACT_HEADS) < 4096:
            _FACT_HEADS[key] = text
    return text


def _version_head(version: RuleSet, org: OrgInfo) -> str:
    """依据<bureau>清单版本<label>（备案号…）: memoised on the compiled version, per bureau name."""
    heads = version.explain_heads
    head = heads.get(org.name)
    if head is None:
        head = heads[org.name] = (f"依据{org.name}清单版本{version.version}"
                                  + (f"（备案号{version.filing_no}）" if version.filing_no else ""))
    return head


def item_applies_text(item: ItemRule, version: RuleSet) -> str:
    """The sentence part naming an item that applies (rendered once per item of a compiled version)."""
    origin = f"（认领自{item.source_org}）" if item.source_org and item.source_org != version.org_name else ""
    return f"，本案符合{LIST_LABELS[item.list]}第{item.seq}项“{item.name.rstrip('。')}”{origin}规定的全部情形。"


def item_unmet_text(item: ItemRule) -> str:
    """The sentence part naming the nearest item that did not apply (rendered once per item)."""
    return f"，本案不符合{LIST_LABELS[item.list]}第{item.seq}项“{item.name.rstrip('。')}”的适用情形，尚不满足："


def _list_sentence(ev: Evaluation, org: OrgInfo) -> str:
    version = ev.version
    if version is None:
        return f"{org.name}在决定日没有施行中的清单版本，依照法律规定处理。"
    head = version.explain_heads.get(org.name) or _version_head(version, org)
    if ev.item is not None:
        return head + version.item_texts[id(ev.item)][0]
    if ev.nearest is not None and ev.unmet:
        return f"{head}{version.item_texts[id(ev.nearest)][1]}{'；'.join(ev.unmet)}。"
    return f"{head}，本案不适用该版本清单的从宽事项。"


_EXCLUSION_SENTENCES: dict[tuple[str, ...], str] = {}


def exclusions_sentence(codes: tuple[str, ...]) -> str:
    """未适用更轻处理的原因：… for these exclusion codes (memoised per tuple of codes: labels only)."""
    text = _EXCLUSION_SENTENCES.get(codes)
    if text is None:
        text = "未适用更轻处理的原因：" + "；".join([EXCLUSION_LABELS.get(c, c) for c in codes]) + "。"
        if len(_EXCLUSION_SENTENCES) < 4096:
            _EXCLUSION_SENTENCES[codes] = text
    return text


_VERDICTS: dict[tuple[Any, ...], str] = {}


def _verdict_key(outcome: str, fine: Fine | None, cites: tuple[str, ...], measures: tuple[str, ...]) -> tuple[Any, ...]:
    if fine is None or outcome == "no_penalty":
        return (outcome, None, None, cites, measures)
    return (outcome, fine.band_min, fine.band_max, cites, measures)


def verdict_sentence(outcome: str, fine: Fine | None, cites: tuple[str, ...], measures: tuple[str, ...]) -> str:
    """综上，依照…，对当事人…: rendered once per (outcome, band, citations, measures), all enumerated values
    of the rule set (the citations and measures are the version's, the band the benchmark's)."""
    key = _verdict_key(outcome, fine, cites, measures)
    text = _VERDICTS.get(key)
    if text is None:
        verdict = (f"综上，依照{'、'.join(cites)}，对当事人{OUTCOME_LABELS[outcome]}" if cites
                   else f"综上，对当事人{OUTCOME_LABELS[outcome]}")
        if key[1] is not None:
            verdict += f"，罚款在裁量基准幅度{key[1]}元至{key[2]}元之间确定"
        text = f"{verdict}，并采取{'、'.join(measures)}等措施。" if measures else verdict + "。"
        if len(_VERDICTS) < 4096:
            _VERDICTS[key] = text
    return text


def explain(facts: Facts, org: OrgInfo, ref: ViolationRef, ev: Evaluation, first: bool | None,
            coercion: Coercion | None, compared: tuple[Evaluation, Evaluation] | None,
            exclusions: tuple[str, ...], measures: tuple[str, ...]) -> str:
    """The reasoning in Chinese, paragraph by paragraph (`exclusions` and `measures`: the decision's, as
    tuples). The memoised fragments are looked up here directly (their functions run on a miss): this runs
    for every decision."""
    party = facts.party
    harm, circumstances, corrected, substantive = facts.harm, facts.circumstances, facts.corrected, facts.substantive_compliance
    lines = [(_FACT_HEADS.get((party.kind, party.industry, party.age, ref.name))
              or _facts_head(party.kind, party.industry, party.age, ref.name))
             + (_FACT_TAILS.get((first, corrected, harm, substantive, circumstances))
                or _facts_tail(first, corrected, harm, substantive, circumstances)),
             _list_sentence(ev, org)]
    if exclusions:
        lines.append(_EXCLUSION_SENTENCES.get(exclusions) or exclusions_sentence(exclusions))
    for s in ev.statutes:
        lines.append(f"{s.reason}（{s.basis.cite}）")
    if compared is not None:
        old, new = compared
        lines.append(
            f"违法行为发生时施行的清单版本{old.version.version if old.version else '（无）'}结果为{OUTCOME_LABELS[old.outcome]}，"
            f"决定时施行的清单版本{new.version.version if new.version else '（无）'}结果为{OUTCOME_LABELS[new.outcome]}，"
            "依照《中华人民共和国行政处罚法》第三十七条从旧兼从轻的原则，适用较轻的规定。")
    outcome, fine, cites = ev.outcome, ev.fine, tuple(ev.cites)
    key = ((outcome, None, None, cites, measures) if fine is None or outcome == "no_penalty"
           else (outcome, fine.band_min, fine.band_max, cites, measures))  # `_verdict_key`, written out
    lines.append(_VERDICTS.get(key) or verdict_sentence(outcome, fine, cites, measures))
    for option in ev.options:
        lines.append("另：" + option.reason)
    if "suspected_crime" in facts.circumstances:
        lines.append("当事人涉嫌犯罪，应当依法移送公安机关（行刑衔接）。")
    if coercion is not None:
        lines.append("关于行政强制：" + coercion.reason)
    return "\n".join(lines)
