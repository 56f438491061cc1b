"""Root URL map: one include per app; everything but portal/ and login requires authentication."""

from django.contrib import admin
from django.urls import include, path

from rouxing.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("rouxing.orgs.auth_urls")),
    path("accounts/", include("rouxing.api.account_urls")),  # 接口令牌 keeps /accounts/tokens/
    path("api/v1/", api.urls),
    path("public/", include("rouxing.portal.urls")),
    path("orgs/", include("rouxing.orgs.urls")),
    path("parties/", include("rouxing.parties.urls")),
    path("lists/", include("rouxing.lists.urls")),
    path("cases/", include("rouxing.cases.urls")),
    path("documents/", include("rouxing.documents.urls")),
    path("reports/", include("rouxing.plans.urls")),  # 双随机 planning keeps its /reports/plans/ paths
    path("reports/", include("rouxing.reports.urls")),
    path("enforcement/", include("rouxing.enforcement.urls")),
    path("", include("rouxing.core.urls")),
]

handler400 = "rouxing.core.uploads.bad_request"
