from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("zfxxgk/", views.disclosure, name="disclosure"),
    path("zfxxgk/gkzd/", views.rules, name="rules"),
    path("zfxxgk/fdzdgknr/", views.statutory, name="statutory"),
    path("zfxxgk/gknb/", views.annual_reports, name="annual_reports"),
    path("zfxxgk/ysqgk/", views.apply, name="apply"),
    path("catalog/", views.catalog, name="catalog"),
    path("search/", views.search, name="search"),
    path("items/<int:pk>/", views.item, name="item"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/guide/", views.guide, name="guide"),
    path("units/<int:pk>/board/", views.board, name="board"),
]
