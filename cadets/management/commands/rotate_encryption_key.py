"""Re-seal every sensitive value under the current key (the first of FIELD_ENCRYPTION_KEYS).

Rotation: generate a key —
    python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"
— put it first in FIELD_ENCRYPTION_KEYS with the old key after it, run this command, then
remove the old key. Running it twice does no harm."""

from django.core.management.base import BaseCommand
from django.db import transaction

from cadets import crypto
from cadets.models import Trainee

SEALED_FIELDS = ["id_number", "phone"]
BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt ID and phone numbers under the current key."

    def handle(self, *args, **options) -> None:
        for model in (Trainee, Trainee.history.model):
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                with transaction.atomic():
                    batch = model.objects.select_for_update().filter(
                        pk__in=pks[start : start + BATCH]
                    )
                    for row in batch:
                        # Reading opened each value under its old key; saving seals it anew.
                        row.save(update_fields=SEALED_FIELDS)
            self.stdout.write(f"{model._meta.label}: {len(pks)} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"All values now under key {crypto.current_key_id()}"))
