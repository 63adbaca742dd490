"""Daily digest of applications due soon and overdue (for cron or the task queue).

Prints one section per disclosure office (organization) and, with --send, mails it to the
office staff who have an e-mail address. Exit status 0; the text is the report.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from gongkai.applications import queries, services
from gongkai.applications.models import Application
from gongkai.core.models import Membership, User


class Command(BaseCommand):
    help = "Report applications due within 5 working days or overdue, per disclosure office."

    def add_arguments(self, parser):
        parser.add_argument("--send", action="store_true", help="e-mail each office its part")

    def handle(self, *args, send=False, **options):
        offices = (
            Membership.objects.filter(role__in=services.HANDLERS)
            .values_list("organization_id", flat=True)
            .distinct()
        )
        total = 0
        for org_id in sorted(set(offices)):
            urgent = queries.urgent(
                queries.clocked(Application.objects.open().filter(organization_id=org_id))
            )
            if not urgent:
                continue
            name = urgent[0].application.organization.name
            lines = [
                f"{name}：超期{sum(r.clock.overdue for r in urgent)}件，"
                f"5个工作日内到期{sum(r.clock.due_soon for r in urgent)}件"
            ]
            for r in urgent:
                status = "已超期" if r.clock.overdue else f"剩余{r.clock.remaining}个工作日"
                lines.append(
                    f"  {r.application.tracking_no}  期限{r.clock.due_label}  {status}  "
                    f"{r.application.description[:30]}"
                )
            text = "\n".join(lines)
            self.stdout.write(text)
            total += len(urgent)
            if send:
                recipients = list(
                    User.objects.filter(
                        memberships__organization_id=org_id,
                        memberships__role__in=services.HANDLERS,
                        is_active=True,
                    )
                    .exclude(email="")
                    .values_list("email", flat=True)
                    .distinct()
                )
                if recipients:
                    send_mail(
                        f"[{settings.GONGKAI_SITE_NAME}] 依申请公开到期提醒：{name}",
                        text,
                        None,
                        recipients,
                    )
        if total == 0:
            self.stdout.write("没有即将到期或超期的申请。")
