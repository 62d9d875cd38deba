from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    name = "samverkan.api.oparl"
    label = "oparl"
    verbose_name = _("Öppna data (OParl)")

    def ready(self) -> None:
        from . import signals

        signals.connect()
