"""Statistics of the notifications' items taken together (kind, content type, period, level).

The sweep's `notified` anti-joins every due row against the notifications of one kind, content
type and period. Taken one column at a time, PostgreSQL multiplied their selectivities — a kind
has one content type, and a kind's periods are few — and expected a handful of notifications
where there are thousands; with a small outer side it then compared every row with every other
(a nested loop over a materialised list). The combined statistics let it count them. Django has
no operation for `CREATE STATISTICS`: PostgreSQL only (accounts.migration_operations)."""

from django.db import migrations

from accounts.migration_operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_item_index_by_period")]

    operations = [
        PostgresOnlySQL(
            [
                "CREATE STATISTICS notification_item_stats (mcv) "
                "ON kind, subject_type_id, period, escalation_level "
                "FROM notifications_notification",
                "ANALYZE notifications_notification",
            ],
            ["DROP STATISTICS IF EXISTS notification_item_stats"],
        ),
    ]
