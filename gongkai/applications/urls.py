from django.urls import path

from gongkai.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.register, name="register"),
    path("proactive/", views.proactive_candidates, name="proactive"),
    path("proactive/create/", views.proactive_create, name="proactive_create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/issue/", views.notice_issue, name="notice_issue"),
    path("notices/<int:pk>.<str:fmt>", views.notice_file, name="notice_file"),
]
