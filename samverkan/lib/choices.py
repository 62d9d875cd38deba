"""Choice labels read once per model, field and language."""

import functools

from django.db.models import Model
from django.utils.translation import get_language


@functools.cache
def _labels(model: type[Model], field: str, language: str | None) -> dict:
    return {
        value: str(label) for value, label in model._meta.get_field(field).flatchoices
    }


def display(record: Model, field: str) -> str:
    """The label of a record's choice, as get_FOO_display gives it, remembered.

    get_FOO_display builds the field's choices afresh on every call, which
    counts when a page or an index run labels thousands of records.
    """
    value = getattr(record, field)
    return _labels(type(record), field, get_language()).get(value, value)
