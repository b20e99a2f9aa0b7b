"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")

django_application = get_wsgi_application()

# Imported once Django is set up: it renders Django's error page.
from faq.charsets import wsgi_guard  # noqa: E402

application = wsgi_guard(django_application)
