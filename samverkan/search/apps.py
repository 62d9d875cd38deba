from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "samverkan.search"
    label = "search"
    verbose_name = _("Sök")

    def ready(self) -> None:
        # The domain apps may not import search (imports run one way), so the
        # index follows their records through signals.
        from . import signals

        signals.connect()
