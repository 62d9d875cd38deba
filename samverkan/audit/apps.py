from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samverkan.audit"
    label = "audit"
    verbose_name = _("Granskningslogg")

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the sign-in receivers)
