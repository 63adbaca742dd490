"""Scoping: who may list, read and change which organization; login required."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from gongkai.core import access
from gongkai.core.models import Organization, Role
from tests.conftest import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


# --- access functions ----------------------------------------------------------------------


def test_member_reaches_own_unit_and_its_sub_units(editor, finance, make_org):
    sub = make_org("财政局国库支付中心", parent=finance, kind=Organization.Kind.SUBUNIT)
    assert access.access_organization(editor, finance.pk) == finance
    assert access.access_organization(editor, sub.pk) == sub


def test_other_units_do_not_exist_for_a_member(editor, town, government):
    for other in (town, government):
        with pytest.raises(Http404):
            access.access_organization(editor, other.pk)
        with pytest.raises(Http404):
            access.access_organization(editor, other.pk, write=True)


def test_editor_may_read_but_not_change_own_unit(editor, finance):
    with pytest.raises(PermissionDenied):
        access.access_organization(editor, finance.pk, write=True)


def test_office_at_the_top_reaches_everything(office, finance, town):
    assert access.access_organization(office, town.pk, write=True) == town
    assert access.access_organization(office, finance.pk, write=True) == finance


def test_garbage_ids_are_404(editor):
    for pk in ("abc", None, 10**12):
        with pytest.raises(Http404):
            access.access_organization(editor, pk)


def test_citizen_without_membership_sees_nothing(citizen, finance):
    assert not Organization.objects.visible_to(citizen).exists()
    with pytest.raises(Http404):
        access.access_organization(citizen, finance.pk)


def test_visible_to_with_roles(make_user, finance, town):
    user = make_user("erin", org=finance, role=Role.EDITOR)
    from gongkai.core import services

    services.grant_role(user, town, Role.CONFIDENTIALITY_REVIEWER, by=None)
    assert set(Organization.objects.visible_to(user)) == {finance, town}
    assert set(Organization.objects.visible_to(user, roles=[Role.EDITOR])) == {finance}


# --- views ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["core:workbench", "core:organization_list", "core:audit_list"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_anonymous_detail_is_sent_to_login(client, finance):
    response = client.get(reverse("core:organization_detail", args=[finance.pk]))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_list_shows_only_own_scope(client, editor, finance, town):
    response = login(client, editor).get(reverse("core:organization_list"))
    assert response.status_code == 200
    assert list(response.context["organizations"]) == [finance]
    assert town.name not in response.content.decode()


def test_other_department_read_and_change_are_404(client, outsider, finance):
    login(client, outsider)
    detail = reverse("core:organization_detail", args=[finance.pk])
    edit = reverse("core:organization_edit", args=[finance.pk])
    assert client.get(detail).status_code == 404
    assert client.get(edit).status_code == 404
    response = client.post(edit, {"short_name": "被篡改", "postcode": ""})
    assert response.status_code == 404
    finance.refresh_from_db()
    assert finance.short_name != "被篡改"


def test_own_department_editor_gets_403_on_change(client, editor, finance):
    login(client, editor)
    assert client.get(reverse("core:organization_detail", args=[finance.pk])).status_code == 200
    assert client.get(reverse("core:organization_edit", args=[finance.pk])).status_code == 403


def test_office_changes_guide_details_with_audit(client, office, finance):
    from gongkai.core.models import AuditEvent

    login(client, office)
    url = reverse("core:organization_edit", args=[finance.pk])
    response = client.post(
        url,
        {
            "short_name": "财政",
            "office_name": "财政局办公室",
            "address": "云龙大道1号",
            "postcode": "412000",
            "office_hours": "工作日",
            "phone": "0731-1",
            "fax": "0731-2",
            "email": "cz@example.gov.cn",
            "website": "",
        },
    )
    assert response.status_code == 302
    finance.refresh_from_db()
    assert finance.office_name == "财政局办公室"
    event = AuditEvent.objects.filter(action="organization.update").get()
    assert event.actor == office and event.organization == finance
    assert event.details["changed"]["office_name"][1] == "财政局办公室"


def test_bad_postcode_is_a_chinese_form_error(client, office, finance):
    login(client, office)
    url = reverse("core:organization_edit", args=[finance.pk])
    response = client.post(url, {"postcode": "41200X"})
    assert response.status_code == 200
    assert "邮政编码应为6位数字" in response.content.decode()


def test_citizen_account_cannot_use_the_workbench(client, citizen):
    login(client, citizen)
    assert client.get(reverse("core:workbench")).status_code == 403


def test_editor_cannot_read_audit_log(client, editor):
    login(client, editor)
    assert client.get(reverse("core:audit_list")).status_code == 403


def test_office_reads_audit_log_of_its_scope(client, office, finance):
    login(client, office)
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 200
    assert "organization.create" in response.content.decode()


def test_nav_shows_audit_link_only_to_those_who_may_read_it(client, editor, office):
    link = reverse("core:audit_list")
    login(client, editor)
    assert link not in client.get(reverse("core:workbench")).content.decode()
    client.logout()
    login(client, office)
    assert link in client.get(reverse("core:workbench")).content.decode()
