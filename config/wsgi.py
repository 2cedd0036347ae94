import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from cadets.crypto import verify_stored_data_opens  # noqa: E402

# Refuse to serve with keys that cannot open the stored data (cadets/crypto.py).
verify_stored_data_opens()
