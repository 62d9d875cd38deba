import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
application = get_wsgi_application()

# A server process lives long, and each request leaves a few thousand objects
# in reference cycles (rendered templates, querysets). With CPython's default
# thresholds the collector walks the whole heap every ten requests or so, and
# that request waits 80 ms for it. What start-up loaded (modules, URL
# patterns, templates) stays for good: frozen, the collector skips it; young
# objects are collected in larger, rarer batches.
GC_THRESHOLDS = (50_000, 50, 100)
gc.collect()
gc.freeze()
gc.set_threshold(*GC_THRESHOLDS)
