"""The demo (`make run`'s data and keys) served as in production: DEBUG off and the static files
hashed and compressed by collectstatic, served by WhiteNoise. For measuring pages as a
deployment sends them (scripts/lighthouse.py); not for a deployment (it keeps the demo keys)."""

from .dev import *  # noqa: F403

DEBUG = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
