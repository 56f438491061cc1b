from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/download/<str:kind>/", views.download, name="download"),
    path("<int:pk>/pdf-state/", views.pdf_state, name="pdf_state"),
    path("<int:pk>/delivery/", views.delivery, name="delivery"),
    path("<int:pk>/delivery/<int:delivery_pk>/scan/", views.delivery_scan, name="delivery_scan"),
    path("settings/", views.bureau_settings, name="settings"),
    path("settings/templates/", views.template_upload, name="template_upload"),
    path("settings/templates/<str:doc_type>/reset/", views.template_reset, name="template_reset"),
    path("settings/templates/<str:doc_type>/download/", views.template_download, name="template_download"),
]
