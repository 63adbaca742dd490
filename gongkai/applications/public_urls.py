from django.urls import path

from gongkai.applications import public_views

app_name = "applications_public"

urlpatterns = [
    path("apply/", public_views.apply, name="apply"),
    path("apply/receipt/", public_views.receipt, name="receipt"),
    path("status/", public_views.status, name="status"),
    path("status/notices/<int:pk>.<str:fmt>", public_views.notice_file, name="notice_file"),
]
