"""What the penalty articles impose together with the fine (并处) and on the persons responsible (一案双罚),
written once per article of 安全生产法 chapter 6 from its text (shared/reference/statutes/), and the fine
bands (contract rules 10 and 11).

The catalogue (处罚事项目录) names the penalty article of each violation; this table says, for that article,
which additional penalties and person fines the statute prescribes and under which facts:

- `always`: whenever the penalty is imposed (e.g. art. 105: 对其直接负责的主管人员…处一万元以下的罚款);
- `in_time`: not (yet) 逾期未改正 (the first penalty of an article whose 逾期 penalty replaces it, art. 98);
- `overdue`: 逾期未改正 (`corrected` is `overdue` or `refused`; 拒不改正 is also not corrected in time);
- `refused`: 拒不执行 (`corrected` is `refused`; art. 102);
- `serious`: 情节严重 (art. 99), read as `harm` serious or `irreversible_harm`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .statutes import AQSC

if TYPE_CHECKING:
    from .facts import Facts

PERSONS = "直接负责的主管人员和其他直接责任人员"


@dataclass(frozen=True)
class Consequence:
    """One 并处 part of a penalty article: an additional penalty (`kind`) or a fine on persons (`who`, range)."""

    when: str
    kind: str | None = None
    who: str | None = None
    fine_min: int = 0
    fine_max: int = 0

    def holds(self, facts: Facts) -> bool:
        if self.when == "always":
            return True
        if self.when == "in_time":
            return facts.corrected not in ("overdue", "refused")
        if self.when == "overdue":
            return facts.corrected in ("overdue", "refused")
        if self.when == "refused":
            return facts.corrected == "refused"
        if self.when == "serious":
            return facts.effective_harm == "serious" or "irreversible_harm" in facts.circumstances
        raise ValueError(self.when)


_SUSPEND_IF_OVERDUE = Consequence("overdue", kind="suspension_for_rectification")
PENALTY_CONSEQUENCES: dict[tuple[str, int], tuple[Consequence, ...]] = {
    # 第九十七条: 逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接
    # 责任人员处二万元以上五万元以下的罚款
    (AQSC, 97): (_SUSPEND_IF_OVERDUE, Consequence("overdue", who=PERSONS, fine_min=20000, fine_max=50000)),
    # 第九十八条: 责令停止建设或者停产停业整顿，限期改正，并处十万元以上五十万元以下的罚款，对其直接负责的主管人员和其他
    # 直接责任人员处二万元以上五万元以下的罚款；逾期未改正的，处五十万元以上一百万元以下的罚款，对其直接负责的主管人员和
    # 其他直接责任人员处五万元以上十万元以下的罚款
    (AQSC, 98): (Consequence("always", kind="suspension_of_construction"),
                 Consequence("in_time", who=PERSONS, fine_min=20000, fine_max=50000),
                 Consequence("overdue", who=PERSONS, fine_min=50000, fine_max=100000)),
    # 第九十九条: 逾期未改正的，处五万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以上二万元
    # 以下的罚款；情节严重的，责令停产停业整顿
    (AQSC, 99): (Consequence("overdue", who=PERSONS, fine_min=10000, fine_max=20000),
                 Consequence("serious", kind="suspension_for_rectification")),
    # 第一百零一条: as art. 97
    (AQSC, 101): (_SUSPEND_IF_OVERDUE, Consequence("overdue", who=PERSONS, fine_min=20000, fine_max=50000)),
    # 第一百零二条: 生产经营单位拒不执行的，责令停产停业整顿，对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下
    # 的罚款
    (AQSC, 102): (Consequence("refused", kind="suspension_for_rectification"),
                  Consequence("refused", who=PERSONS, fine_min=50000, fine_max=100000)),
    # 第一百零四条: 对其直接负责的主管人员和其他直接责任人员处一万元以下的罚款；逾期未改正的，责令停产停业
    (AQSC, 104): (Consequence("always", who=PERSONS, fine_min=0, fine_max=10000), _SUSPEND_IF_OVERDUE),
    # 第一百零五条: 对其直接负责的主管人员和其他直接责任人员处一万元以下的罚款；逾期未改正的，责令停产停业整顿
    (AQSC, 105): (Consequence("always", who=PERSONS, fine_min=0, fine_max=10000), _SUSPEND_IF_OVERDUE),
    # 第一百零八条: 拒不改正的，处二万元以上二十万元以下的罚款；对其直接负责的主管人员和其他直接责任人员处一万元以上二万元
    # 以下的罚款
    (AQSC, 108): (Consequence("always", who=PERSONS, fine_min=10000, fine_max=20000),),
}


def consequences(law: str, article: int) -> tuple[Consequence, ...]:
    return PENALTY_CONSEQUENCES.get((law, article), ())
