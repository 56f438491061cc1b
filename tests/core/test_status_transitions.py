"""Every status change goes through a declared transition (issue 11).

The scan reads src/rouxing with `ast` and lists, as file:line, every write to an FSM status field outside a
method decorated with django-fsm-2's `@transition`: `x.status = …` (also in tuple assignments and `+=`),
`….update(status=…)` and `setattr(x, "status", …)`. The field names and models come from the app registry
(`core.fsm.fsm_models`): only models that declare an `FSMField` are in scope, so a model another branch has
not converted yet (its value names `ThatModel.Status.…`) is left alone until it declares one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

from rouxing.core.fsm import fsm_models

SRC = Path(__file__).resolve().parents[2] / "src" / "rouxing"


def _scope() -> tuple[set[str], set[str], set[str]]:
    """(FSM field names, names of models with such a field, names of all other models)."""
    pairs = fsm_models()
    fields = {field.name for _model, field in pairs}
    fsm = {model.__name__ for model, _field in pairs}
    others = {m.__name__ for m in apps.get_models()} - fsm
    return fields, fsm, others


def _models_named(node: ast.AST | None) -> set[str]:
    """Model names a value refers to through `Model.Status…` / `Model.S…` / `Model.objects…`."""
    found = set()
    for sub in ast.walk(node) if node is not None else ():
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.attr in {"Status", "S", "objects"}:
            found.add(sub.value.id)
    return found


def _is_transition(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in func.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "transition":
            return True
    return False


class _Scanner(ast.NodeVisitor):
    def __init__(self, fields: set[str], fsm: set[str], others: set[str]) -> None:
        self.fields, self.fsm, self.others = fields, fsm, others
        self.lines: list[int] = []
        self._in_transition = 0

    def _flag(self, node: ast.AST, value: ast.AST | None) -> None:
        if self._in_transition:
            return
        named = _models_named(value)
        if named and not named & self.fsm and named & self.others:
            return  # a model without an FSM field (not converted yet): out of scope
        self.lines.append(node.lineno)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802
        inside = _is_transition(node)
        self._in_transition += inside
        self.generic_visit(node)
        self._in_transition -= inside

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def _targets(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(
                target.elts) else [value] * len(target.elts)
            for t, v in zip(target.elts, values, strict=True):
                self._targets(t, v)
        elif isinstance(target, ast.Attribute) and target.attr in self.fields:
            self._flag(target, value)

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802
        for target in node.targets:
            self._targets(target, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:  # noqa: N802
        self._targets(node.target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:  # noqa: N802
        if node.value is not None:
            self._targets(node.target, node.value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in {"update", "bulk_update"}:
            for kw in node.keywords:
                if kw.arg in self.fields:
                    self._flag(node, ast.Tuple(elts=[func.value, kw.value], ctx=ast.Load()))
            if func.attr == "bulk_update" and any(
                    isinstance(a, (ast.List, ast.Tuple)) and any(
                        isinstance(e, ast.Constant) and e.value in self.fields for e in a.elts) for a in node.args):
                self._flag(node, func.value)
        if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, ast.Constant) and name.value in self.fields:
                self._flag(node, node.args[2] if len(node.args) > 2 else None)
        self.generic_visit(node)


def scan(source: str, fields: set[str], fsm: set[str], others: set[str]) -> list[int]:
    scanner = _Scanner(fields, fsm, others)
    scanner.visit(ast.parse(source))
    return scanner.lines


def test_there_are_state_machines_to_check():
    fields, fsm, _others = _scope()
    assert "status" in fields
    assert {"Case", "Finding", "CoerciveMeasure", "CrimeTransfer", "SummaryDecision"} <= fsm


def test_no_status_field_is_written_outside_a_transition():
    fields, fsm, others = _scope()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line in scan(path.read_text(encoding="utf-8"), fields, fsm, others):
            found.append(f"{path.relative_to(SRC.parent)}:{line}")
    assert found == [], "status written outside a transition method:\n" + "\n".join(found)


def test_the_scanner_catches_each_kind_of_write_and_spares_transitions():
    fields, fsm, others = {"status"}, {"Case"}, {"Plan"}
    source = '''
case.status = "closed"
case.status, case.note = Case.Status.CLOSED, ""
Case.objects.filter(pk=1).update(status="closed")
setattr(case, "status", "closed")
plan.status = Plan.Status.DRAFT
Plan.objects.filter(pk=1).update(status="draft")
Case.objects.create(status="registered")

class Case:
    @transition(field=status, source="a", target="b")
    def close(self):
        self.status = "b"
'''
    assert scan(source, fields, fsm, others) == [2, 3, 4, 5]
