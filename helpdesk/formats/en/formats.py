"""English as the site wrote it before it had other languages: British formats
(6 Dec 2027, 24-hour times), not Django's American ones for "en"."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
