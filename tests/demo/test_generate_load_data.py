"""`rouxing generate-load-data`: bureaus with officers, parties, inspections with one finding each (copied from
the demo findings), usable by the load bench (the officer logs in and sees his bureau's records only)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from rouxing.cases.models import Finding, Inspection
from rouxing.orgs.models import Org
from rouxing.parties.models import Party


def test_generates_bureaus_with_their_records_and_is_rerunnable(demo, capsys):
    call_command("generate_load_data", "--bureaus", "2", "--cases", "40", "--parties", "5", "--password", "Load-Pass-2024")
    orgs = list(Org.objects.filter(code__startswith="LOAD-").order_by("code"))
    assert [o.code for o in orgs] == ["LOAD-001", "LOAD-002"]
    for org in orgs:
        assert Party.objects.filter(org=org).count() == 5
        assert Inspection.objects.filter(org=org, status="completed").count() == 20
        findings = Finding.objects.filter(org=org)
        assert findings.count() == 20 and all(f.party.org_id == org.pk for f in findings.select_related("party"))
        assert all(f.inspection.officers.count() == 2 for f in findings[:3])
    # re-running skips the bureaus that exist
    call_command("generate_load_data", "--bureaus", "2", "--cases", "40", "--parties", "5")
    assert Inspection.objects.filter(org__code__startswith="LOAD-").count() == 40
    assert "已生成 0 个压测机关" in capsys.readouterr().out


def test_a_generated_officer_logs_in_and_reads_only_his_bureau(demo):
    call_command("generate_load_data", "--bureaus", "2", "--cases", "10", "--parties", "3", "--password", "Load-Pass-2024")
    client = Client()
    login = client.post("/accounts/login/", {"username": "load001_officer1", "password": "Load-Pass-2024"})
    assert login.status_code == 302
    mine = Finding.objects.filter(org__code="LOAD-001").first()
    other = Finding.objects.filter(org__code="LOAD-002").first()
    assert client.get(f"/cases/findings/{mine.pk}/").status_code == 200
    assert client.get(f"/cases/findings/{other.pk}/").status_code == 404


def test_refused_with_production_settings(settings):
    settings.SETTINGS_MODULE = "rouxing.config.settings.prod"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="生产环境不能生成压测数据"):
        call_command("generate_load_data", "--bureaus", "1", "--cases", "1")
