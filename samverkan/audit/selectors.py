"""Reads of the change history that simple-history keeps for each model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

# simple-history has no Swedish catalogue; we name the kinds of change ourselves.
KINDS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class Version:
    record: Any
    changes: list[Change]

    @property
    def kind(self) -> str:
        return str(KINDS[self.record.history_type])


def tracked_model(app_label: str, model_name: str) -> type[models.Model]:
    """Return the model named, if simple-history tracks it; else 404."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as missing:
        raise Http404 from missing
    if getattr(model._meta, "simple_history_manager_attribute", None) != "history":
        raise Http404
    return model


def versions(obj: models.Model, *, limit: int = 200) -> list[Version]:
    """Return the versions of `obj`, newest first, each with its field-level diff."""
    records = list(
        type(obj)
        .history.filter(id=obj.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    # Timestamps change on every save and say nothing the version date does not.
    fields = [
        f for f in obj._meta.concrete_fields if f.name not in {"created", "modified"}
    ]
    labels = {f.name: f.verbose_name for f in fields}
    result = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is None:
            changes = [
                Change(f.verbose_name, None, getattr(record, f.attname))
                for f in fields
                if getattr(record, f.attname, None) not in (None, "")
            ]
        else:
            delta = record.diff_against(previous, included_fields=list(labels))
            changes = [Change(labels[c.field], c.old, c.new) for c in delta.changes]
        result.append(Version(record, changes))
    return result
