"""URLs of 双随机一公开 planning, mounted at /reports/ (the paths the reports app served before the move)."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("draws/<int:pk>/publish/", views.draw_publish, name="draw_publish"),
]
