from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "samverkan.operations"
    label = "operations"
    verbose_name = "Drift"
