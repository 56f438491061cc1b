"""公示 pages of enforcement results: 行政处罚决定公示 (7 working days after the decision, until withdrawn)
and 双随机一公开 (published draws, reproducible from their seed, with the inspections done for them).

Only public fields are read: never a natural person's full name, ID number or phone, never internal
notes, reasoning or audit data. A natural person appears as surname + 某 (张某). A decision that is not
published, or whose publicity was withdrawn (期满、信用修复、变更撤销), or a 不予行政处罚 decision, is 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from rouxing.cases.models import Inspection
from rouxing.cases.selectors import public_decisions
from rouxing.orgs.models import Org, User
from rouxing.parties.models import Party
from rouxing.plans import planning
from rouxing.plans.models import RandomDraw

PAGE_SIZE = 50


def public_party_name(party: Party) -> str:
    """Enterprise: its name. Natural person: surname + 某 (no given name, no ID number)."""
    if party.kind == Party.Kind.PERSON:
        return f"{(party.name or '某')[:1]}某"
    return party.name


def _citation(ref: dict) -> str:
    text = f"《{ref.get('law', '')}》"
    for key, unit in (("article", "条"), ("paragraph", "款"), ("item", "项")):
        if ref.get(key):
            text += f"第{ref[key]}{unit}"
    return text


def decision_row(decision) -> dict:
    """The public fields of one penalty decision."""
    case, party = decision.case, decision.case.party
    violations = {f.violation_id: f.violation for f in case.findings.all()}.values()  # prefetched
    breaks = [_citation(r) for v in violations for r in (v.breaks or []) if isinstance(r, dict)]
    penalty = [_citation(r) for v in violations for r in (v.penalty or []) if isinstance(r, dict)]
    outcome = decision.get_outcome_display()
    if decision.fine_amount:
        outcome += f"，罚款{decision.fine_amount}元"
    if decision.other_penalties:
        outcome += f"，{decision.other_penalties}"
    return {
        "decision": decision, "org": case.org, "number": decision.number,
        "party_name": public_party_name(party), "is_enterprise": party.kind == Party.Kind.ENTERPRISE,
        "uscc": party.uscc if party.kind == Party.Kind.ENTERPRISE else "",
        "violation": "；".join(v.name for v in violations) or case.title,
        "breaks": "、".join(dict.fromkeys(breaks)), "basis": "、".join(dict.fromkeys(penalty)),
        "outcome": outcome, "decided_on": decision.decided_on,
        "published_on": timezone.localtime(decision.published_at).date(),
    }


@require_safe
def decisions_index(request):
    """Bureaus with penalty decisions in publicity now, with their counts."""
    rows = (public_decisions().values("case__org__code", "case__org__name")
            .annotate(n=Count("pk")).order_by("case__org__code"))
    return render(request, "portal/decisions_index.html", {"bureaus": rows})


@require_safe
def decisions_bureau(request, code: str):
    """One bureau's penalty decisions in publicity, newest first."""
    org = get_object_or_404(Org, code=code, kind=Org.Kind.ENFORCEMENT)
    page = Paginator(public_decisions(org), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [decision_row(d) for d in page]
    return render(request, "portal/decisions_bureau.html", {"org": org, "rows": rows, "page": page, "pager_query": ""})


@require_safe
def decision_detail(request, pk: int):
    decision = public_decisions().filter(pk=pk).first()
    if decision is None:
        raise Http404("该决定不在公示期内。")
    return render(request, "portal/decision.html", {"row": decision_row(decision)})


def _published_draws():
    return (RandomDraw.objects.filter(published=True, plan__org__kind=Org.Kind.ENFORCEMENT)
            .select_related("plan__org").order_by("plan__org__code", "-plan__year", "-month", "-drawn_at"))


@require_safe
def draws_index(request):
    """Published 双随机 draws of every bureau (or of the bureau chosen), a page at a time: every draw is
    reachable, none is cut off."""
    draws = _published_draws()
    code = (request.GET.get("org") or "").strip()
    if code:
        draws = draws.filter(plan__org__code=code)
    bureaus = (Org.objects.filter(kind=Org.Kind.ENFORCEMENT, inspection_plans__draws__published=True)
               .distinct().order_by("code").values("code", "name"))
    page = Paginator(draws, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/draws_index.html", {
        "draws": page, "page": page, "bureaus": bureaus, "org_code": code,
        "pager_query": urlencode({"org": code}) if code else ""})


def _reproduce(draw: RandomDraw) -> bool:
    """Re-run the draw from the stored pools and seed; True when it gives exactly the published result."""
    if not draw.party_ids:
        return False
    per_party = max(1, len(draw.officer_ids) // len(draw.party_ids))
    try:
        again = planning.draw(party_pool=draw.party_pool, officer_pool=draw.officer_pool, seed=draw.seed,
                              party_count=len(draw.party_ids), officers_per_party=per_party)
    except ValueError:
        return False
    return (again.party_ids == draw.party_ids and again.officer_ids == draw.officer_ids
            and again.pool_digest == draw.pool_digest)


@require_safe
def draw_detail(request, pk: int):
    """One published draw: parties and officers drawn, the seed and pools to re-run it, the results."""
    draw = get_object_or_404(_published_draws(), pk=pk)
    plan = draw.plan
    parties = Party.objects.in_bulk(draw.party_ids)
    officers = User.objects.in_bulk(draw.officer_ids)
    per_party = max(1, len(draw.officer_ids) // max(1, len(draw.party_ids)))
    inspections = (Inspection.objects.filter(org_id=plan.org_id, party_id__in=draw.party_ids,
                                             kind=Inspection.Kind.PLANNED, inspected_on__year=plan.year,
                                             inspected_on__month=draw.month)
                   .annotate(problems=Count("findings")).order_by("inspected_on", "pk"))
    by_party: dict[int, list] = {}
    for inspection in inspections:
        by_party.setdefault(inspection.party_id, []).append(inspection)
    rows = []
    for index, party_id in enumerate(draw.party_ids):
        party = parties.get(party_id)
        team = draw.officer_ids[index * per_party:(index + 1) * per_party]
        rows.append({
            "party_id": party_id, "officer_ids": team,
            "party": public_party_name(party) if party else f"#{party_id}",
            "officers": [officers[i].display_name for i in team if i in officers],
            "inspections": by_party.get(party_id, []),
        })
    return render(request, "portal/draw.html", {
        "draw": draw, "plan": plan, "rows": rows, "reproduced": _reproduce(draw), "per_party": per_party,
    })
