"""Errors of the decision engine. Each carries the contract field it concerns and a Chinese message."""

from __future__ import annotations


class EngineError(Exception):
    """Base class: `field` names the input or rule part, `message` is Chinese and fit to show a user."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}：{self.message}" if self.field and self.field not in self.message else self.message


class EngineInputError(EngineError):
    """The facts are invalid: unknown bureau, violation or field, malformed date or value (HTTP 422, exit 2)."""


class RuleDataError(EngineError):
    """A list version, catalogue or benchmark dict does not follow docs/rules-format.md."""


class RuleConflictError(EngineInputError):
    """Two list items of the same level both apply with different results: a defect of the list version,
    reported as an error (never settled by row order). A subclass of the input error so that every entry
    point refuses the request with its Chinese message instead of guessing."""
