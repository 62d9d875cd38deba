from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "samverkan.operations"
    label = "operations"
    verbose_name = "Drift"

    def ready(self) -> None:
        from .pagecache import watch_writes

        watch_writes()
