"""The production application as the audit serves it: gunicorn, WhiteNoise, and the media folder.

Production keeps media in shared storage behind its own web server or CDN (``MEDIA_STORAGE_BACKEND``);
on one loopback machine this WhiteNoise instance stands in for it, serving ``MEDIA_ROOT`` at
``MEDIA_URL`` with a day's cache lifetime. It looks each file up per request (``autorefresh``), as
renditions made after start (a publish, a first view) appear there too.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from newsroom.wsgi import application as django_application

application = WhiteNoise(django_application, autorefresh=True, max_age=60 * 60 * 24)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
