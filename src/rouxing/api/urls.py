"""The HTTP API (django-ninja): one router per app, token auth, Chinese error format, OpenAPI 3.

Each app that offers an API has `rouxing/<app>/api.py` with `router = Router(...)`; it is imported
here explicitly and mounted at `/api/v1/<prefix>/` (a missing router is an ImportError, never a
silently absent API). The schema is published at /api/v1/openapi.json.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled, ValidationError

from rouxing.cases.api import router as cases_router
from rouxing.lists.api import router as decisions_router
from rouxing.reports.api import router as reports_router

from .auth import TokenAuth
from .throttling import TokenOwnerThrottle

api = NinjaAPI(
    title="柔性执法平台 API",
    version="1",
    description="Rouxing HTTP API. Authenticate with `Authorization: Bearer <token>`.",
    auth=TokenAuth(),
    throttle=[TokenOwnerThrottle()],
    urls_namespace="api",
)


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    response = api.create_response(request, {"error": "请求过于频繁，请稍后再试。"}, status=429)
    response["Retry-After"] = "60"
    return response


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    details = []
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", []) if p not in ("body", "payload"))
        details.append({"field": loc, "message": f"字段“{loc}”无效：{err.get('msg', '')}"})
    return api.create_response(request, {"error": "输入无效", "details": details}, status=422)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(request, {"error": "未认证：请提供有效的接口令牌。"}, status=401)


ROUTERS = {"decisions": decisions_router, "cases": cases_router, "reports": reports_router}

for prefix, router in ROUTERS.items():
    api.add_router(f"/{prefix}/", router)
