"""Create the assessment cycles that are due (idempotent), e.g. from cron or by hand:

manage.py generate_assessment_cycles --unit D01 --date 2026-11-26
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import OrgUnit
from assessments.services import cycles_generate


class Command(BaseCommand):
    help = "Create the due routine, annual, end-of-probation and end-of-training cycles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", help="code of the jurisdiction (default: every city)")
        parser.add_argument("--date", help="today, as YYYY-MM-DD (default: today)")

    def handle(self, *args, unit=None, date=None, **options) -> None:
        today = dt.date.fromisoformat(date) if date else timezone.localdate()
        if unit:
            units = list(OrgUnit.objects.filter(code=unit))
            if not units:
                raise CommandError(f"no unit with code {unit}")
        else:
            units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.CITY))
        for jurisdiction in units:
            for cycle in cycles_generate(actor=None, jurisdiction=jurisdiction, today=today):
                self.stdout.write(f"created {cycle.name} ({cycle.assessments.count()})")
