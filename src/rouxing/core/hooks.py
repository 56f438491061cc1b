"""Typed cross-app hooks (扩展点): how a lower app calls into a higher one without importing it.

The lower app declares the hook (its name and the signature of the function it expects) and calls
it; the higher app fills it in its `AppConfig.ready()`. Two kinds:

- `Hook` — exactly one provider, **required**: calling a hook nobody provided raises `HookMissing`
  (a configuration error naming the hook) instead of silently doing nothing. Example: credit repair
  in `parties` withdraws the publicity of the decisions `cases` published with the record.
- `Contributions` — any number of providers, each adds items (workbench panels, sections of the
  party page); none is a valid answer.

core itself imports no app: it only holds the registries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

F = TypeVar("F", bound=Callable[..., Any])


class HookMissing(ImproperlyConfigured):
    """A required hook was called but no installed app provides it."""


@dataclass
class Hook(Generic[F]):
    """One required provider. `provide(fn)` in the providing app's ready(); `get()` where it is called."""

    name: str
    doc: str
    _provider: F | None = field(default=None, repr=False)

    def provide(self, fn: F) -> None:
        """Register the provider (the same function again is a no-op; a second, different one is an error)."""
        if self._provider is not None and self._provider is not fn:
            raise ImproperlyConfigured(f"扩展点“{self.name}”已由 {self._provider.__module__} 提供，不能重复注册。")
        self._provider = fn

    def get(self) -> F:
        """The provider; raises HookMissing (naming the hook) when no app provided it."""
        if self._provider is None:
            raise HookMissing(f"扩展点“{self.name}”（{self.doc}）未注册：提供它的应用未安装或未在 ready() 中注册。")
        return self._provider

    def clear(self) -> F | None:
        """Remove the provider and return it (for tests that prove the missing-hook error)."""
        provider, self._provider = self._provider, None
        return provider


@dataclass
class Contributions(Generic[F]):
    """Any number of providers, called in `order` (then registration order)."""

    name: str
    doc: str
    _providers: dict[str, tuple[int, F]] = field(default_factory=dict, repr=False)

    def add(self, fn: F, *, order: int = 100) -> None:
        """Register a provider (idempotent per function)."""
        self._providers[f"{fn.__module__}.{fn.__qualname__}"] = (order, fn)

    def providers(self) -> list[F]:
        ranked = sorted(enumerate(self._providers.values()), key=lambda item: (item[1][0], item[0]))
        return [fn for _index, (_order, fn) in ranked]

    def collect(self, *args: Any) -> list[Any]:
        """Every provider's list for `args`, concatenated in order."""
        found: list[Any] = []
        for provider in self.providers():
            found.extend(provider(*args))
        return found
