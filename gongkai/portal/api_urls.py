"""URLs of the open-data API, included under `/api/` (namespace `api`)."""

from django.urls import path

from gongkai.portal.api import api

urlpatterns = [
    path("", api.urls),
]
