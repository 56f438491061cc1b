"""Locust users for bench/load.py: officers of the generated bureaus (loadNNN_officer1) working through the
workbench, the worklist, a finding page, the statistics and oversight pages and the public decisions page.
Each page is a request name of its own, so bench/load.py can print p50/p95/p99 and errors per page."""

from __future__ import annotations

import os
import random
import re
from itertools import count

from locust import HttpUser, between, constant, task

BUREAUS = int(os.environ.get("LOAD_BUREAUS", "100"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "Load-Pass-2024")
THINK = os.environ.get("LOAD_THINK", "1")  # "0": closed loop, no think time
_numbers = count()


class Officer(HttpUser):
    wait_time = between(1, 3) if THINK != "0" else constant(0)

    def on_start(self):
        number = next(_numbers) % BUREAUS + 1
        self.username = f"load{number:03d}_officer1"
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post("/accounts/login/", name="login", headers={"Referer": f"{self.host}/accounts/login/"},
                         data={"username": self.username, "password": PASSWORD,
                               "csrfmiddlewaretoken": token.group(1) if token else ""})
        worklist = self.client.get("/cases/", name="worklist")
        self.findings = re.findall(r'href="/cases/findings/(\d+)/"', worklist.text) or []
        if not self.findings:
            inspections = re.findall(r'href="/cases/inspections/(\d+)/"', worklist.text)
            if inspections:
                page = self.client.get(f"/cases/inspections/{inspections[0]}/", name="inspection")
                self.findings = re.findall(r'href="/cases/findings/(\d+)/"', page.text)

    @task(4)
    def workbench(self):
        self.client.get("/", name="workbench")

    @task(3)
    def worklist(self):
        self.client.get("/cases/", name="worklist")

    @task(2)
    def search(self):
        self.client.get("/documents/", params={"q": "压测"}, name="document search")

    @task(3)
    def finding(self):
        if self.findings:
            self.client.get(f"/cases/findings/{random.choice(self.findings)}/", name="finding page")

    @task(1)
    def statistics(self):
        self.client.get("/reports/", name="statistics")

    @task(1)
    def oversight(self):
        self.client.get("/reports/oversight/", name="oversight")

    @task(2)
    def public_decisions(self):
        self.client.get("/public/decisions/", name="public decisions")
