"""A locked assessment cycle is immutable, and the database says so.

On PostgreSQL, triggers refuse any INSERT, UPDATE or DELETE of an assessment, rater
assignment, dimension score or democratic tally that belongs to a locked cycle, and any UPDATE
or DELETE of a locked cycle itself, with SQLSTATE 23000 (Django raises IntegrityError) — so a
queryset `.update()`, raw SQL or the admin cannot change a published result either.
TRUNCATE (used by test teardown) fires no row trigger.

SQLite, the embedded default, gets no trigger: the models' save()/delete() refuse instead
(assessments.models.LockedGuard). The migration is a no-op there.
"""

from django.db import migrations

CHILD_TABLES = [
    "assessments_assessment",
    "assessments_raterassignment",
    "assessments_dimensionscore",
    "assessments_democratictally",
]

CREATE = """
CREATE OR REPLACE FUNCTION assessments_cycle_of(tbl text, r jsonb) RETURNS bigint AS $$
BEGIN
  IF tbl = 'assessments_assessment' THEN
    RETURN (r->>'cycle_id')::bigint;
  ELSIF tbl IN ('assessments_raterassignment', 'assessments_democratictally') THEN
    RETURN (SELECT cycle_id FROM assessments_assessment WHERE id = (r->>'assessment_id')::bigint);
  ELSIF tbl = 'assessments_dimensionscore' THEN
    RETURN (SELECT a.cycle_id FROM assessments_raterassignment ra
            JOIN assessments_assessment a ON a.id = ra.assessment_id
            WHERE ra.id = (r->>'assignment_id')::bigint);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION assessments_refuse_locked_rows() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
      SELECT 1 FROM assessments_assessmentcycle
      WHERE id = assessments_cycle_of(TG_TABLE_NAME, to_jsonb(OLD)) AND status = 'locked') THEN
    RAISE EXCEPTION 'assessment cycle is locked: % on % refused', TG_OP, TG_TABLE_NAME
      USING ERRCODE = '23000';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
      SELECT 1 FROM assessments_assessmentcycle
      WHERE id = assessments_cycle_of(TG_TABLE_NAME, to_jsonb(NEW)) AND status = 'locked') THEN
    RAISE EXCEPTION 'assessment cycle is locked: % on % refused', TG_OP, TG_TABLE_NAME
      USING ERRCODE = '23000';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION assessments_refuse_locked_cycle() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'locked' THEN
    RAISE EXCEPTION 'assessment cycle % is locked: % refused', OLD.id, TG_OP
      USING ERRCODE = '23000';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_cycle_locked
  BEFORE UPDATE OR DELETE ON assessments_assessmentcycle
  FOR EACH ROW EXECUTE FUNCTION assessments_refuse_locked_cycle();
""" + "".join(
    f"""
CREATE TRIGGER {table}_locked
  BEFORE INSERT OR UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION assessments_refuse_locked_rows();
"""
    for table in CHILD_TABLES
)

DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_locked ON {table};\n" for table in CHILD_TABLES) + """
DROP TRIGGER IF EXISTS assessments_cycle_locked ON assessments_assessmentcycle;
DROP FUNCTION IF EXISTS assessments_refuse_locked_cycle();
DROP FUNCTION IF EXISTS assessments_refuse_locked_rows();
DROP FUNCTION IF EXISTS assessments_cycle_of(text, jsonb);
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
