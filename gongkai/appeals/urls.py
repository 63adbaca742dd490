from django.urls import path

from gongkai.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_create, name="create"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/edit/", views.appeal_edit, name="edit"),
    path("<int:pk>/decision/", views.appeal_decide, name="decide"),
]
