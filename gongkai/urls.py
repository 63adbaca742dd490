from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", include("gongkai.core.urls")),
    path("", include("gongkai.portal.urls")),
]
