"""Signals of the documents app, for the apps that follow documents."""

from django.dispatch import Signal

# Sent with `version` once its text is extracted (search indexes it).
text_extracted = Signal()
