from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "samverkan.lib"
    label = "lib"
    verbose_name = "Gemensamt"
