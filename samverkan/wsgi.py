import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
application = get_wsgi_application()

# A server that starts may find pages kept before the database was changed
# offline (a restore, `generate`): begin a new generation of the page cache.
from samverkan.operations.pagecache import bump  # noqa: E402

bump()
