from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.models import Organization


def home(request: HttpRequest) -> HttpResponse:
    """Public home page: the disclosing organizations and their contact details."""
    organizations = Organization.objects.active().order_by("path")
    return render(request, "portal/home.html", {"organizations": organizations})
