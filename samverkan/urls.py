from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Samverkan – administration")
admin.site.site_title = _("Samverkan")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("samverkan.organisation.urls")),
    path("", include("samverkan.matters.urls")),
    path("", include("samverkan.deviations.urls")),
    path("", include("samverkan.agreement.urls")),
]
