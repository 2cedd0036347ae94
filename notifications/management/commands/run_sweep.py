"""Run the reminder sweep by hand (beat runs it every few minutes)."""

import datetime as dt

from django.core.management.base import BaseCommand

from notifications.services import sweep_run


class Command(BaseCommand):
    help = "Run the reminder sweep once: write due notifications and queue their e-mail."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="Sweep as if today were this date (YYYY-MM-DD), e.g. to check a setting.",
        )

    def handle(self, *args, **options) -> None:
        run = sweep_run(today=options["today"])
        self.stdout.write(
            f"sweep {run.pk} ({run.today}): {run.created_count} notifications, "
            f"{run.queued_count} e-mails queued, {run.requeued_count} queued again"
        )
