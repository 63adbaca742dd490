from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    """The baseline: Django's full middleware stack, no database, no template."""
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), path("", include("gongkai.urls"))]
