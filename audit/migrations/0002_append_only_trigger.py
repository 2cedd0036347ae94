"""Make the audit log append-only on PostgreSQL: no UPDATE ever, no DELETE of an event younger
than the retention floor (audit.models.RETENTION_FLOOR_DAYS). A trigger binds every role,
including the application's own. On SQLite (the embedded default) this is a no-op.

TRUNCATE is left alone on purpose: row triggers do not see it, and the test runner empties
tables with it between browser tests. In production the application's role should not own
this table (README, "Audit log"), which is what keeps TRUNCATE out of its reach."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit events cannot be changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.occurred_at > now() - interval '180 days' THEN
    RAISE EXCEPTION 'audit events younger than 180 days cannot be deleted'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
