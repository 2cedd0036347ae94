"""The name search's page of ids from the search index alone (issue 9).

A search of two characters (`name LIKE '%尹远%'`) cannot use the trigram index: PostgreSQL reads
every name either way. For the page's ids it chose the table (a sequential scan, 420 pages,
then a sort) over `trainee_list_order` (whose included columns make it 106 pages); the prefix
index, 42 pages, lacked the id. With the id included, the ids and the count both read the
small index: 0.5 ms instead of 1.7 ms on the benchmark's province (docs/benchmarks.md).
PostgreSQL only, as 0006."""

from django.db import migrations

from accounts.migration_operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("cadets", "0007_list_order")]

    operations = [
        PostgresOnlySQL(
            [
                "DROP INDEX IF EXISTS cadets_trainee_name_prefix",
                "CREATE INDEX cadets_trainee_name_prefix "
                "ON cadets_trainee (name varchar_pattern_ops) INCLUDE (id)",
            ],
            [
                "DROP INDEX IF EXISTS cadets_trainee_name_prefix",
                "CREATE INDEX cadets_trainee_name_prefix "
                "ON cadets_trainee (name varchar_pattern_ops)",
            ],
        ),
    ]
