"""The app READMEs' state diagrams are the ones the code declares (`rouxing state-diagrams --check`)."""

from __future__ import annotations

from django.core.management import call_command

from rouxing.core.management.commands.state_diagrams import BEGIN, END, fsm_app_labels, render, section


def test_every_app_readme_shows_the_current_state_diagrams():
    assert {"cases", "enforcement"} <= set(fsm_app_labels())
    call_command("state_diagrams", "--check")  # raises CommandError naming a stale README


def test_the_case_diagram_names_the_transitions_in_chinese():
    text = section("cases")
    assert "stateDiagram-v2" in text
    assert "under_review --> reviewed: 法制审核通过（pass_review）" in text
    assert "closed --> archived: 归档（archive）" in text
    assert "登记陈述申辩（`record_statement`）：已告知" in text


def test_a_stale_or_missing_section_is_reported_and_rewritten():
    stale = f"# cases\n\n{BEGIN}\nold diagram\n{END}\n\nrest\n"
    fresh = render(stale, "cases")
    assert "old diagram" not in fresh and fresh.endswith("\n\nrest\n")
    assert render(fresh, "cases") == fresh
    appended = render("# cases\n", "cases")
    assert BEGIN in appended and END in appended and "## 状态图（由代码生成）" in appended


def test_an_edited_diagram_counts_as_out_of_date():
    from pathlib import Path

    from django.apps import apps

    readme = (Path(apps.get_app_config("enforcement").path) / "README.md").read_text(encoding="utf-8")
    assert render(readme, "enforcement") == readme
    edited = readme.replace("（lift）", "（lift_old）")
    assert edited != readme and render(edited, "enforcement") == readme
