"""Every URL pattern of the project, walked as anonymous and as each role (deny by default, no 500s).

The walker reads the live URL configuration (django.urls.get_resolver, recursively), so pages other
apps add are covered without editing this file. Path parameters are filled with real ids of the
*other* bureau's records where the segment before the parameter names a model ("versions/<pk>" ->
ListVersion, "parties/<pk>" -> Party); unknown parameters get a value that matches nothing.
admin/ and api/ have their own authentication and tests, and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Max, Sum
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

SKIP_PREFIXES = ("admin/", "api/")
ANONYMOUS_OPEN = ("/public/", "/accounts/login/", "/healthz", "/readyz")
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
STR_VALUES = {"code": "SM-YJJ", "fmt": "xlsx", "kind": "docx"}
ROLE_USERS = ["sm_officer1", "sm_reviewer", "sm_approver", "sm_listadmin", "mx_officer1", "sm_supervisor",
              "sysadmin", "secadmin", "auditadmin"]
WRITE_WORDS = ("new", "create", "edit", "delete", "submit", "return", "file", "publish", "import", "issue", "void",
               "approve", "upload", "reset", "claim", "credit", "delivery")
# Tables that legitimately change on any request (sessions, audit trail, throttling, login records).
VOLATILE = {"sessions.session", "core.auditevent", "core.auditchainhead", "core.auditanchor", "axes.accessattempt", "axes.accesslog",
            "axes.accessfailurelog", "otp_totp.totpdevice", "admin.logentry"}


@dataclass(frozen=True)
class Route:
    template: str  # "/lists/versions/<int:pk>/"
    name: str  # "lists:version"

    @property
    def params(self) -> list[tuple[str, str, str]]:
        """(converter, name, segment before it) for each parameter."""
        out = []
        for match in PARAM.finditer(self.template):
            before = self.template[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            out.append((match.group("conv") or "str", match.group("name"), before))
        return out

    @property
    def app(self) -> str:
        return self.template.strip("/").split("/", 1)[0]


def _walk(resolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^")
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, route, ns)
        elif isinstance(entry, URLPattern):
            template = _regex_to_route(route) if isinstance(entry.pattern, RegexPattern) else route
            if template is not None:
                yield Route("/" + template, f"{namespace}{entry.name or ''}")


def _regex_to_route(regex: str) -> str | None:
    """Turn a re_path pattern into the <conv:name> form; None when it has unnamed groups."""
    body = regex.replace("^", "").replace("$", "").replace("\\.", ".")
    digit = "\\d"
    body = re.sub(r"\(\?P<(\w+)>([^)]*)\)",
                  lambda m: f"<{'int' if digit in m.group(2) else 'str'}:{m.group(1)}>", body)
    return None if "(" in body or "\\" in body else body


ROUTES = sorted(set(_walk(get_resolver())), key=lambda r: r.template)


def _singular(word: str) -> str:
    word = word.lower().replace("-", "").replace("_", "")
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def _model_for(segment: str, param: str):
    """The project model a URL segment or parameter name points at, if any."""
    wanted = [_singular(param.removesuffix("_id").removesuffix("_pk"))] if param not in ("pk", "id") else []
    wanted.append(_singular(segment))
    project = [m for m in apps.get_models() if m.__module__.startswith("rouxing.")]
    for word in wanted:
        exact = [m for m in project if m.__name__.lower() == word]
        suffix = [m for m in project if m.__name__.lower().endswith(word)]
        prefix = [m for m in project if m.__name__.lower().startswith(word)]
        if exact or suffix or prefix:
            return (exact or suffix or prefix)[0]
    return None


def _org_path(model, depth: int = 0) -> str | None:
    """Lookup from `model` to its owning bureau (org, version__org, case__org ...)."""
    for field in model._meta.fields:
        if isinstance(field, models.ForeignKey) and field.related_model._meta.label == "orgs.Org" and field.name == "org":
            return "org"
    if model._meta.label == "orgs.Org":
        return "pk"
    if depth < 2:
        for field in model._meta.fields:
            if isinstance(field, models.ForeignKey) and field.related_model._meta.app_label != "orgs":
                inner = _org_path(field.related_model, depth + 1)
                if inner and inner != "pk":
                    return f"{field.name}__{inner}"
    return None


def object_id(segment: str, param: str, org_code: str, prefer_draft: bool = False) -> int:
    """A real id of a record of `org_code` matching the URL segment, or an id that matches nothing."""
    model = _model_for(segment, param)
    if model is None:
        return 999999
    path = _org_path(model)
    qs = model.objects.all()
    if path == "pk":
        qs = qs.filter(code=org_code)
    elif path:
        qs = qs.filter(**{f"{path}__code": org_code})
    if prefer_draft and "status" in {f.name for f in model._meta.fields}:
        drafts = qs.filter(status="draft")
        qs = drafts if drafts.exists() else qs
    if model._meta.label == "lists.ListItem" and prefer_draft:
        drafts = qs.filter(version__status="draft")
        qs = drafts if drafts.exists() else qs
    found = qs.order_by("pk").values_list("pk", flat=True).first()
    return found if found is not None else 999999


def build_url(route: Route, org_code: str = "SM-YJJ", prefer_draft: bool = False) -> str:
    url = route.template
    for conv, name, segment in route.params:
        if conv == "int":
            value = str(object_id(segment, name, org_code, prefer_draft))
        elif conv == "uuid":
            value = "00000000-0000-0000-0000-000000000000"
        elif name in STR_VALUES:
            value = STR_VALUES[name]
        else:
            value = "x"
        url = PARAM.sub(value, url, count=1)
    return url


def db_fingerprint() -> dict[str, tuple]:
    """Row counts, lock versions and last update times of every non-volatile table."""
    out = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or model._meta.proxy:
            continue
        names = {f.name for f in model._meta.fields}
        aggregates = {}
        if "lock_version" in names:
            aggregates["v"] = Sum("lock_version")
        if "updated_at" in names:
            aggregates["u"] = Max("updated_at")
        values = model.objects.aggregate(**aggregates) if aggregates else {}
        out[label] = (model.objects.count(), values.get("v"), values.get("u"))
    return out


@pytest.fixture
def draft(demo):
    """A draft list version of 三明 (created through the lists service, as a list administrator would)."""
    from rouxing.lists.models import ListVersion
    from rouxing.lists.services import version_create_draft

    existing = ListVersion.objects.filter(org__code="SM-YJJ", status="draft").first()
    if existing is not None:
        return existing
    return version_create_draft(org=demo.org("SM-YJJ"), user=demo.user("sm_listadmin"), label="URL-TEST-草稿")


def _ids(route: Route) -> str:
    return route.template


def test_regex_patterns_are_turned_into_routes():
    assert _regex_to_route(r"^reports/(?P<year>\d{4})/(?P<slug>[-\w]+)/$") == "reports/<int:year>/<str:slug>/"
    assert _regex_to_route(r"^files/(\d+)/$") is None


def test_walker_finds_the_known_pages():
    templates = {r.template for r in ROUTES}
    assert {"/parties/", "/parties/<int:pk>/", "/orgs/", "/orgs/audit/", "/accounts/login/"} <= templates
    assert not any(t.startswith(("/admin/", "/api/")) for t in templates)
    assert PARTY_WRITE_VIEWS <= {r.name for r in ROUTES}


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=_ids)
def test_anonymous_is_sent_to_login(demo, route):
    url = build_url(route)
    response = Client().get(url)
    if url.startswith(ANONYMOUS_OPEN):
        assert response.status_code < 500
    elif url.startswith("/accounts/logout/"):
        assert response.status_code in (302, 405)
    else:
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLE_USERS)
@pytest.mark.parametrize("route", [r for r in ROUTES if not r.template.startswith("/accounts/logout")], ids=_ids)
def test_no_server_error_for_any_role(demo, draft, route, username):
    client = demo.client(username)
    own = demo.user(username).org.code
    for org_code in {own, "SM-YJJ", "MX-YJJ"}:
        url = build_url(route, org_code, prefer_draft=True)
        response = client.get(url)
        assert response.status_code < 500, f"{username} GET {url} -> {response.status_code}"


LIST_ROUTES = [r for r in ROUTES if r.app == "lists" and r.params]


@pytest.mark.django_db
@pytest.mark.parametrize("route", LIST_ROUTES, ids=_ids)
def test_mx_officer_cannot_reach_sanming_drafts(demo, draft, route):
    # given a 三明 draft and an officer of 明溪县
    url = build_url(route, "SM-YJJ", prefer_draft=True)
    before = db_fingerprint()
    client = demo.client("mx_officer1")
    # when the officer opens or posts to the draft's pages
    got, posted = client.get(url), client.post(url, {"reason": "越权测试", "label": "X"})
    # then each is refused and nothing changed
    assert got.status_code in (403, 404, 405), f"GET {url} -> {got.status_code}"
    assert posted.status_code in (403, 404, 405), f"POST {url} -> {posted.status_code}"
    assert db_fingerprint() == before


def test_list_walker_uses_the_real_draft_id(demo, draft):
    routes = [r for r in LIST_ROUTES if r.params and r.params[0][2] == "versions"]
    if not routes:
        pytest.skip("the lists app has no version pages yet")
    assert f"/{draft.pk}/" in build_url(routes[0], "SM-YJJ", prefer_draft=True)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/parties/{pk}/", "/parties/{pk}/edit/"])
def test_mx_officer_cannot_reach_sanming_enterprises(demo, path):
    party = demo.party("SM-YJJ", kind="enterprise")
    assert demo.client("mx_officer1").get(path.format(pk=party.pk)).status_code == 404


def test_credit_walker_uses_a_real_credit_record(demo):
    from rouxing.parties.models import CreditRecord

    party = demo.party("SM-YJJ")
    record = CreditRecord.objects.create(party=party, org=party.org, kind="penalty_publicity",
                                         occurred_on="2025-01-01")
    route = next(r for r in ROUTES if r.template == "/parties/credit/<int:pk>/withdraw/")
    assert build_url(route, "SM-YJJ") == f"/parties/credit/{record.pk}/withdraw/"


def test_party_walker_uses_the_other_bureaus_party(demo):
    route = next(r for r in ROUTES if r.template == "/parties/<int:pk>/")
    party_id = int(build_url(route, "SM-YJJ").strip("/").split("/")[-1])
    assert apps.get_model("parties", "Party").objects.get(pk=party_id).org.code == "SM-YJJ"


PARTY_WRITE_VIEWS = {"parties:create", "parties:edit", "parties:credit_add", "parties:credit_withdraw",
                     "parties:import"}
# 备案 is the supervisor's own task (lists.filing): on a draft it is refused as out of order (400), not 403.
SUPERVISOR_FILING_VIEWS = {"lists:version_file", "lists:version_filing_return", "lists:version_filing_correct"}
POST_ROUTES = [r for r in ROUTES if not r.template.startswith(("/accounts/", "/public/", "/healthz", "/readyz"))]


@pytest.mark.django_db
@pytest.mark.parametrize("route", POST_ROUTES, ids=_ids)
def test_supervisor_post_is_refused_and_changes_nothing(demo, draft, route):
    # given the 三明 司法局 supervisor, who may read (never write) 三明's records
    url = build_url(route, "SM-YJJ", prefer_draft=True)
    before = db_fingerprint()
    # when posting to the page
    response = demo.client("sm_supervisor").post(url, {"reason": "监督测试", "name": "X", "label": "X"})
    # then a write view answers 403 and the database is unchanged
    words = set(re.split(r"[/_:.<>-]+", f"{route.template} {route.name}"))
    if route.name in PARTY_WRITE_VIEWS:
        assert response.status_code == 403, f"POST {url} -> {response.status_code}"
    elif route.name in SUPERVISOR_FILING_VIEWS:
        assert response.status_code == 400, f"POST {url} -> {response.status_code}"
    elif words & set(WRITE_WORDS):
        assert response.status_code in (403, 404, 405), f"POST {url} -> {response.status_code}"
    else:
        assert response.status_code < 500, f"POST {url} -> {response.status_code}"
    assert db_fingerprint() == before, f"POST {url} changed data"
