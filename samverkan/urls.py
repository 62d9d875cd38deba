from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.views import admin_sign_in
from samverkan.api.api import api

admin.site.site_header = _("Samverkan – administration")
admin.site.site_title = _("Samverkan")
admin.site.index_title = _("Administration")

urlpatterns = [
    # Ours first: the admin's own sign-in knows no throttling or second factor.
    path("admin/login/", admin_sign_in, name="admin-sign-in"),
    path("admin/", admin.site.urls),
    path("konto/api-nycklar/", include("samverkan.api.urls")),
    path("konto/", include("samverkan.accounts.urls")),
    path("api/v1/", api.urls),
    path("granskning/", include("samverkan.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("samverkan.organisation.urls")),
    path("", include("samverkan.matters.urls")),
    path("", include("samverkan.deviations.urls")),
    path("", include("samverkan.meetings.urls")),
    path("", include("samverkan.planning.urls")),
    path("", include("samverkan.agreement.urls")),
    path("", include("samverkan.publishing.urls")),
    path("", include("samverkan.notifications.urls")),
    path("", include("samverkan.importers.urls")),
    path("oparl/v1/", include("samverkan.api.oparl.urls")),
    path("", include("samverkan.search.urls")),
]

# A database that is away answers 503 with a page that retries by itself.
handler500 = "samverkan.operations.views.server_error"
