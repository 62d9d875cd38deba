from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviationsConfig(AppConfig):
    name = "samverkan.deviations"
    label = "deviations"
    verbose_name = _("Avvikelser och tvister")
