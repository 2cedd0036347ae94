"""Province scale (issue 9): name search by trigram (`name LIKE '%…%'`, the list's search) and
by prefix (`name LIKE '…%'`), on PostgreSQL only — SQLite skips all three operations, both
ways (accounts/migration_operations.py)."""

from django.db import migrations

from accounts.migration_operations import PostgresOnlySQL, PostgresTrigramExtension


class Migration(migrations.Migration):
    dependencies = [("cadets", "0005_reminder_indexes")]

    operations = [
        PostgresTrigramExtension(),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS cadets_trainee_name_trgm "
            "ON cadets_trainee USING gin (name gin_trgm_ops)",
            "DROP INDEX IF EXISTS cadets_trainee_name_trgm",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS cadets_trainee_name_prefix "
            "ON cadets_trainee (name varchar_pattern_ops)",
            "DROP INDEX IF EXISTS cadets_trainee_name_prefix",
        ),
    ]
