"""The case page's header grid and 全过程记录 (names with roles, Chinese labels for every event), the
step pages' breadcrumbs, and the required marks of the shared form fields."""

import re
from pathlib import Path

from django.urls import reverse

import rouxing.cases
from rouxing.cases.models import Case
from rouxing.cases.views.timeline import EVENT_LABELS, event_label

CASES_SRC = Path(rouxing.cases.__file__).parent


def test_every_audit_event_of_the_cases_app_has_a_chinese_label():
    # given every event name written by the cases services
    source = "\n".join(p.read_text(encoding="utf-8") for p in (CASES_SRC / "services").glob("*.py"))
    events = set(re.findall(r'"(cases\.[a-z_]+\.[a-z_]+)"', source))
    events |= {f"cases.case.{s}" for s in Case.Status.values}  # move_case(event=f"cases.case.{target}")
    # then each has a label, in Chinese
    assert {"cases.decision.publish", "cases.decision.publicity_withdraw"} <= events
    missing = sorted(e for e in events if e not in EVENT_LABELS)
    assert missing == []
    assert all(re.search(r"[\u4e00-\u9fff]", EVENT_LABELS[e]) for e in events)


def test_unknown_event_still_reads_in_chinese():
    assert event_label("cases.something.new") == "其他操作（cases.something.new）"


def test_timeline_shows_the_full_name_and_role_not_the_login(demo, sm):
    # given a case whose notice was recorded by sm_officer1
    from rouxing.cases import services as svc

    case = sm.case(status="investigating", notified=False)
    from django.core.files.uploadedfile import SimpleUploadedFile

    svc.evidence_upload(user=sm.officer, org_id=sm.org.pk, case=case,
                        upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n% timeline\n"))
    # when the case page is opened
    page = demo.client("sm_officer1").get(reverse("cases:case", args=[case.pk])).content.decode()
    timeline = page[page.index('id="timeline"'):]
    # then the row names the person and role, not the login name
    assert f"{sm.officer.display_name}（执法人员）" in timeline
    assert "sm_officer1" not in timeline
    assert "上传证据" in timeline


def test_case_header_is_a_definition_grid(demo, sm):
    case = sm.case()
    page = demo.client("sm_officer1").get(reverse("cases:case", args=[case.pk])).content.decode()
    grid = page[page.index('id="case-meta"'):page.index("</dl>")]
    for term in ("当事人", "案由", "立案日期", "来源", "状态"):
        assert f"<dt>{term}</dt>" in grid
    assert 'id="case-status"' in grid


def test_step_page_without_a_case_shows_the_real_parent(demo, sm):
    # given a finding (no case yet)
    finding = sm.finding()
    # when the officer opens its 责令限期改正 page
    page = demo.client("sm_officer1").get(reverse("cases:rectification_new", args=[finding.pk])).content.decode()
    crumbs = page[page.index('class="muted breadcrumbs"'):page.index("</p>", page.index('class="muted breadcrumbs"'))]
    # then the breadcrumb leads to the inspection and the finding, never to a bare “返回”
    assert "返回" not in crumbs
    assert reverse("cases:inspection", args=[finding.inspection_id]) in crumbs
    assert reverse("cases:finding", args=[finding.pk]) in crumbs
    assert sm.violation.name in crumbs


def test_new_inspection_page_breadcrumb_is_just_the_worklist(demo):
    page = demo.client("sm_officer1").get(reverse("cases:inspection_new")).content.decode()
    start = page.index('class="muted breadcrumbs"')
    crumbs = page[start:page.index("</p>", start)]
    assert "案件办理" in crumbs and "返回" not in crumbs and "›" not in crumbs


def test_step_form_marks_required_fields(demo, sm):
    finding = sm.finding()
    page = demo.client("sm_officer1").get(reverse("cases:measure_new", args=[finding.pk])).content.decode()
    label = re.search(r'<label for="id_content">(.*?)</label>', page, re.S).group(1)
    assert 'class="required-mark"' in label


def test_evidence_upload_labels_sit_above_their_fields(demo, sm):
    case = sm.case()
    page = demo.client("sm_officer1").get(reverse("cases:case", args=[case.pk])).content.decode()
    assert '<label for="evidence-file">文件<span class="required-mark"' in page
    assert '<input type="file" name="file" id="evidence-file" required>' in page
