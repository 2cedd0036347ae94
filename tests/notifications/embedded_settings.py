"""The embedded default (config.settings.dev: SQLite and Celery's filesystem transport under
VAR_DIR) with a fast password hasher, so that seeding the demo in a test takes seconds."""

from config.settings.dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
