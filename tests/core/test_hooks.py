"""core.hooks: a required hook nobody provided raises (naming the hook) instead of returning nothing;
contributions come back in their declared order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from rouxing.core.hooks import Contributions, Hook, HookMissing


def test_a_missing_hook_raises_naming_it():
    hook: Hook = Hook("tests.example", "示例扩展点")
    with pytest.raises(HookMissing, match="tests.example"):
        hook.get()


def test_a_provided_hook_returns_its_provider_and_refuses_a_second_one():
    def first():
        return 1

    def second():
        return 2

    hook: Hook = Hook("tests.example", "示例扩展点")
    hook.provide(first)
    hook.provide(first)  # the same function again (ready() run twice) is fine
    assert hook.get() is first
    with pytest.raises(ImproperlyConfigured, match="不能重复注册"):
        hook.provide(second)
    assert hook.get() is first


def test_contributions_are_collected_in_order_then_registration_order():
    def late(x):
        return [f"late{x}"]

    def early(x):
        return [f"early{x}"]

    def also_early(x):
        return [f"also{x}"]

    panels: Contributions = Contributions("tests.panels", "示例面板")
    assert panels.collect(1) == []
    panels.add(late, order=50)
    panels.add(early, order=10)
    panels.add(also_early, order=10)
    panels.add(late, order=50)  # idempotent
    assert panels.collect(1) == ["early1", "also1", "late1"]


def test_the_installed_apps_provide_every_required_hook_and_the_workbench_panels():
    from rouxing.core.panels import PANELS
    from rouxing.lists.history import PARTY_HISTORY
    from rouxing.parties.hooks import PUBLICITY_WITHDRAW

    assert PARTY_HISTORY.get().__module__ == "rouxing.cases.selectors"
    assert PUBLICITY_WITHDRAW.get().__module__ == "rouxing.cases.services.publicity"
    assert [p.__module__ for p in PANELS.providers()] == [
        "rouxing.cases.selectors", "rouxing.reports.selectors", "rouxing.lists.selectors",
        "rouxing.parties.selectors", "rouxing.documents.selectors"]
