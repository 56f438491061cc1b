"""Legal status machines (django-fsm-2), shared by every app whose model declares an `FSMField`.

A status field is `FSMField(protected=True)`: it is set only at creation or by a transition method
(`@transition(field=..., source=..., target=..., conditions=[...], permission=..., custom={...})`).
Each transition names, in `custom`:

- `label`: the Chinese name of the step (状态图 and button text);
- `url_name` (+ optional `url_args` after the object's pk): the page where the step is taken; a
  transition without one is taken by the system (e.g. 立案 moving a finding) and shows no button;
- `button`: optional button text when it differs from `label` (two transitions sharing one page).

A transition with `target=None` changes no status: it declares a step that is open in those states
(登记陈述申辩, 延长办案期限 …) so that the page's buttons come from the model too.

This module imports no rouxing app: it knows models only through the app registry.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django_fsm import FSMFieldMixin, Transition, can_proceed
from django_fsm import FSMModelMixin as _FSMModelMixin

__all__ = [
    "Action", "FSMModelMixin", "StateEdge", "available_actions", "can_take", "edges", "ensure_can_proceed", "fsm_fields",
    "open_transitions",
    "fsm_models", "mermaid", "transition_method_names",
]


class FSMModelMixin(_FSMModelMixin):
    """django-fsm-2's mixin (`refresh_from_db` re-reads protected fields) plus `clean_fields`: Django's
    `full_clean` writes every cleaned value back with `setattr`, which a protected field refuses; the
    protected fields are validated here without being written back."""

    def clean_fields(self, exclude: Any = None) -> None:
        protected = self._get_protected_fsm_fields()
        exclude = set(exclude or ())
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=exclude | protected)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        for name in protected - exclude:
            field = self._meta.get_field(name)
            value = getattr(self, field.attname)
            if field.blank and value in field.empty_values:
                continue
            try:
                field.clean(value, self)
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Action:
    """One button: a transition the user may take now, with the page it is taken on."""

    name: str
    label: str
    url: str
    target: str | None


@dataclass(frozen=True)
class StateEdge:
    """One declared transition of a model: source → target by `name` (`label` in Chinese)."""

    source: str
    target: str | None
    name: str
    label: str


def fsm_fields(model: type[models.Model]) -> list[FSMFieldMixin]:
    """The model's own FSM fields (concrete, declared on it or inherited)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)]


def fsm_models(app_label: str | None = None) -> list[tuple[type[models.Model], FSMFieldMixin]]:
    """Every (model, field) pair with an FSM field in the app registry (optionally of one app)."""
    configs = [apps.get_app_config(app_label)] if app_label else apps.get_app_configs()
    pairs = []
    for config in configs:
        for model in config.get_models():
            pairs.extend((model, field) for field in fsm_fields(model))
    return pairs


def _field(model: type[models.Model], field: str | None) -> FSMFieldMixin:
    fields = fsm_fields(model)
    if field is None:
        if len(fields) != 1:
            raise ValueError(f"{model.__name__} has {len(fields)} FSM fields; name one")
        return fields[0]
    return next(f for f in fields if f.name == field)


def _methods(model: type[models.Model], field: FSMFieldMixin) -> list[Any]:
    """The field's transition methods in the order they are written in the model."""
    methods = list(field.transitions.get(model, {}).values())
    return sorted(methods, key=lambda m: inspect.unwrap(m).__code__.co_firstlineno)


def transition_method_names(model: type[models.Model]) -> set[str]:
    """Names of all transition methods of the model (for the status-assignment scan)."""
    return {m.__name__ for field in fsm_fields(model) for m in _methods(model, field)}


def _label(transition: Transition) -> str:
    return str(transition.custom.get("label") or transition.name)


def edges(model: type[models.Model], field: str | None = None) -> list[StateEdge]:
    """All declared transitions, in the order written (state diagrams, docs)."""
    fsm_field = _field(model, field)
    rows = []
    for method in _methods(model, fsm_field):
        for source, transition in method._django_fsm.transitions.items():
            target = transition.target
            rows.append(StateEdge(str(source), None if target is None else str(target), transition.name,
                                  _label(transition)))
    return rows


def _url(obj: models.Model, transition: Transition) -> str | None:
    name = transition.custom.get("url_name")
    if not name:
        return None
    return reverse(name, args=[obj.pk, *transition.custom.get("url_args", ())])


def available_actions(obj: models.Model, user, field: str | None = None) -> list[Action]:
    """The buttons for `user` on `obj`: transitions open in its state whose conditions hold and whose
    `permission` admits the user, one per page (the first declared names the button)."""
    fsm_field = _field(type(obj), field)
    getter: Callable[..., Iterable[Transition]] = getattr(obj, f"get_available_user_{fsm_field.name}_transitions")
    by_line = {m.__name__: i for i, m in enumerate(_methods(type(obj), fsm_field))}
    actions: list[Action] = []
    seen: set[str] = set()
    for transition in sorted(getter(user), key=lambda t: by_line.get(t.name, 0)):
        url = _url(obj, transition)
        if url is None or url in seen:
            continue
        seen.add(url)
        label = str(transition.custom.get("button") or _label(transition))
        target = transition.target
        actions.append(Action(transition.name, label, url, None if target is None else str(target)))
    return actions


def open_transitions(obj: models.Model, user, field: str | None = None) -> dict[str, Transition]:
    """Transitions of `obj` open to `user` now, by method name, for pages whose actions are forms
    rather than plain buttons (the template reads `custom["label"]` for the button text)."""
    fsm_field = _field(type(obj), field)
    getter: Callable[..., Iterable[Transition]] = getattr(obj, f"get_available_user_{fsm_field.name}_transitions")
    return {t.name: t for t in getter(user)}


def can_take(obj: models.Model, name: str, user=None) -> bool:
    """Whether the transition `name` is open now (conditions met; and permitted, when `user` is given)."""
    method = getattr(obj, name)
    if not can_proceed(method):
        return False
    if user is None:
        return True
    fsm_field = method._django_fsm.field
    state = fsm_field.get_state(obj)
    return bool(method._django_fsm.has_transition_perm(obj, state, user))


def target_label(obj: models.Model, name: str) -> str:
    """The Chinese name of the state the transition `name` leads to (first declared target)."""
    meta = getattr(obj, name)._django_fsm
    for transition in meta.transitions.values():
        if transition.target is not None:
            choices = dict(meta.field.flatchoices)
            return str(choices.get(transition.target, transition.target))
    return _label(next(iter(meta.transitions.values())))


def ensure_can_proceed(obj: models.Model, name: str, *, prefix: str = "") -> None:
    """Refuse, naming the current and the wanted state, when the transition is not open now."""
    method = getattr(obj, name)
    if can_proceed(method):
        return
    field = method._django_fsm.field
    current = dict(field.flatchoices).get(field.get_state(obj), field.get_state(obj))
    raise ValidationError(f"{prefix}当前状态为“{current}”，不能变更为“{target_label(obj, name)}”。")


def mermaid(model: type[models.Model], field: str | None = None) -> str:
    """A Mermaid `stateDiagram-v2` of the model's status transitions (states named in Chinese)."""
    fsm_field = _field(model, field)
    lines = ["stateDiagram-v2"]
    for value, label in fsm_field.flatchoices:
        lines.append(f"    {value}: {label}")
    if fsm_field.has_default():
        lines.append(f"    [*] --> {fsm_field.get_default()}")
    for edge in edges(model, fsm_field.name):
        if edge.target is None:
            continue
        lines.append(f"    {edge.source} --> {edge.target}: {edge.label}（{edge.name}）")
    return "\n".join(lines)
