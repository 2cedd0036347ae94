"""A two-character name search from an index (issue 9).

Chinese given names are one or two characters, so the list's most common search is two
characters (`尹远`) — too short for the trigram index (0006): PostgreSQL read all 10,000 names
of the benchmark's province, 4 ms. `xd_bigrams(name)` is the set of a name's two-character
pieces, and a GIN index over it finds the names holding a piece (`@> ARRAY['尹远']`) in 0.1 ms;
the search keeps its `LIKE` beside it (cadets/filters.py). PostgreSQL only, as 0006.

Both GIN indexes of the name are written through (`fastupdate = off`): with PostgreSQL's
default, new entries wait in a pending list that every search reads from end to end until a
VACUUM merges it — after an import of 10,000 trainees (or one rolled back) the bigram search
took 6 ms instead of 0.1 ms. An import writes a little slower instead."""

from django.db import migrations

from accounts.migration_operations import PostgresOnlySQL

BIGRAMS = """
CREATE OR REPLACE FUNCTION xd_bigrams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr($1, i, 2)), '{}')
      FROM generate_series(1, char_length($1) - 1) AS i
$$
"""


class Migration(migrations.Migration):
    dependencies = [("cadets", "0008_name_search_ids")]

    operations = [
        PostgresOnlySQL(
            [
                BIGRAMS,
                "CREATE INDEX cadets_trainee_name_bigrams "
                "ON cadets_trainee USING gin (xd_bigrams(name)) WITH (fastupdate = off)",
                "ALTER INDEX cadets_trainee_name_trgm SET (fastupdate = off)",
                "SELECT gin_clean_pending_list('cadets_trainee_name_trgm')",
            ],
            [
                "DROP INDEX IF EXISTS cadets_trainee_name_bigrams",
                "DROP FUNCTION IF EXISTS xd_bigrams(text)",
                "ALTER INDEX cadets_trainee_name_trgm RESET (fastupdate)",
            ],
        ),
    ]
