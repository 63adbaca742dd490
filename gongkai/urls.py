from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/catalog/", include("gongkai.catalog.urls")),
    path("staff/applications/", include("gongkai.applications.urls")),
    path("yisqgk/", include("gongkai.applications.public_urls")),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("staff/", include("gongkai.core.urls")),
    path("feeds/", include("gongkai.portal.feeds")),
    path("api/", include("gongkai.portal.api_urls")),
    path("", include("gongkai.portal.urls")),
]
