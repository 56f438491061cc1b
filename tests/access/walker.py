"""The URL patterns of the project (read from the live resolver) and the world the access matrix runs in.

The world is built with tests/factories.py: two enforcement bureaus, "own" (the users' bureau) and
"other", each with a party, an inspection, a finding and a case, and one user of every role of the own
bureau (the 司法局监督员 in the own bureau's justice bureau). A URL parameter is filled with the id of the
own or the other bureau's record of the model the URL names (`cases/<pk>` → Case); parameters naming no
model of the world get 999999 (a record that does not exist).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
STR_VALUES = {"code": None, "fmt": "xlsx", "kind": "docx", "path": "x"}
MISSING_ID = 999999
ANONYMOUS = "anonymous"
SCOPES = ("own", "other")
# Tables that change on any request (sessions, audit trail, throttling, login records).
VOLATILE = {"sessions.session", "core.auditevent", "core.auditchainhead", "core.auditanchor", "axes.accessattempt",
            "axes.accesslog", "axes.accessfailurelog", "otp_totp.totpdevice", "admin.logentry"}


@dataclass(frozen=True)
class Route:
    template: str  # "/cases/<int:pk>/"
    name: str  # "cases:detail"

    @property
    def params(self) -> list[tuple[str, str, str]]:
        """(converter, name, path segment before it) for each parameter."""
        out = []
        for match in PARAM.finditer(self.template):
            before = self.template[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            out.append((match.group("conv") or "str", match.group("name"), before))
        return out


def _regex_to_route(regex: str) -> str:
    body = regex.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
    digit = "\\d"
    return re.sub(r"\(\?P<(\w+)>([^)]*)\)",
                  lambda m: f"<{'int' if digit in m.group(2) else 'str'}:{m.group(1)}>", body)


def _walk(resolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = _regex_to_route(str(pattern)) if isinstance(pattern, RegexPattern) else str(pattern)
        route = prefix + text
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, route, ns)
        elif isinstance(entry, URLPattern):
            yield Route("/" + route, f"{namespace}{entry.name or ''}")


def routes() -> list[Route]:
    return sorted(set(_walk(get_resolver())), key=lambda r: (r.template, r.name))


# The models of the world, by the words URLs use for them.
WORLD_MODELS = {"party": "parties.Party", "parties": "parties.Party", "inspection": "cases.Inspection",
                "inspections": "cases.Inspection", "finding": "cases.Finding", "findings": "cases.Finding",
                "case": "cases.Case", "cases": "cases.Case", "org": "orgs.Org", "orgs": "orgs.Org",
                "user": "orgs.User", "users": "orgs.User"}


def _model_label(route: Route, segment: str, name: str) -> str | None:
    for word in (name.removesuffix("_id").removesuffix("_pk"), segment):
        if word in WORLD_MODELS:
            return WORLD_MODELS[word]
    if name in ("pk", "id"):  # /cases/<pk>/ , /parties/<pk>/edit/ : the app's main record
        app = route.template.strip("/").split("/", 1)[0]
        return WORLD_MODELS.get(app)
    return None


def build_url(route: Route, world: dict, scope: str) -> str:
    url = route.template
    objects = world[scope]
    for conv, name, segment in route.params:
        if conv == "int" or (conv == "path" and name.endswith("id")):
            label = _model_label(route, segment, name)
            value = str(objects[label].pk) if label in objects else str(MISSING_ID)
        elif conv == "uuid":
            value = "00000000-0000-0000-0000-000000000000"
        elif name == "code":
            value = objects["orgs.Org"].code
        else:
            value = STR_VALUES.get(name) or "x"
        url = PARAM.sub(value, url, count=1)
    return url


def build_world() -> dict:
    """Two bureaus with one record of each core kind, and the own bureau's staff of every role."""
    from tests import factories as f

    world: dict = {}
    for scope in SCOPES:
        org = f.OrgFactory()
        case = f.CaseFactory(org=org, status="investigating")
        finding = case.findings.first()
        world[scope] = {"orgs.Org": org, "parties.Party": case.party, "cases.Case": case,
                        "cases.Finding": finding, "cases.Inspection": finding.inspection,
                        "orgs.User": case.registered_by}
    world["staff"] = f.bureau_staff(world["own"]["orgs.Org"])
    return world


def _fingerprint_sql() -> str:
    from django.db import connection

    q = connection.ops.quote_name
    parts = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or model._meta.proxy or not model._meta.managed:
            continue
        table = q(model._meta.db_table)
        names = {f.name for f in model._meta.fields}
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        if "lock_version" in names:
            parts.append(f"(SELECT SUM({q('lock_version')}) FROM {table})")
        if "updated_at" in names:
            parts.append(f"(SELECT MAX({q('updated_at')}) FROM {table})")
    return "SELECT " + ", ".join(parts)


def db_fingerprint() -> tuple:
    """Row counts, lock versions and last update times of every non-volatile table, in one query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return tuple(cursor.fetchone())


def outcome(response) -> str:
    """The status as the matrix writes it: 200, 403, 404, 405, 302>login, 302 (elsewhere), …"""
    code = response.status_code
    if code in (301, 302, 303):
        location = response.get("Location", "")
        if "/login/" in location:
            return f"{code}>login"
        return f"{code}"
    return str(code)
