from itertools import groupby
from operator import itemgetter

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.lib.widgets import QuickSelect
from samverkan.organisation.models import Body, Party

from .models import Kind
from .services import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök efter"), required=False, max_length=MAX_QUERY_LENGTH
    )
    typ = forms.MultipleChoiceField(
        label=_("Typ"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organ = forms.TypedChoiceField(
        label=_("Organ"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    ar = forms.IntegerField(
        label=_("År"), required=False, min_value=1900, max_value=2100
    )
    part = forms.TypedChoiceField(
        label=_("Part"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    sida = forms.IntegerField(
        label=_("Sida"), required=False, min_value=1, widget=forms.HiddenInput
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        bodies = Body.objects.order_by("structure__name", "position", "name")
        parties = Party.objects.order_by("structure__name", "kind", "name")
        self.fields["organ"].choices = _grouped(bodies, _("Alla organ"))
        self.fields["part"].choices = _grouped(parties, _("Alla parter"))

    def search_arguments(self) -> dict[str, object]:
        """Return the keyword arguments of `services.search` from valid data."""
        data = self.cleaned_data
        return {
            "types": data["typ"] or None,
            "body": data["organ"],
            "year": data["ar"],
            "party": data["part"],
            "page": data["sida"] or 1,
        }


def _grouped(rows: QuerySet, everything: str) -> list:
    """Choices of (id, name), under their structure's name when there are several.

    Read as plain values: a national list has hundreds of bodies and parties.
    """
    values = list(rows.values_list("pk", "name", "structure__name"))
    choices: list = [("", everything)]
    if len({structure for _pk, _name, structure in values}) <= 1:
        return choices + [(pk, name) for pk, name, _structure in values]
    for structure, group in groupby(values, key=itemgetter(2)):
        choices.append((structure, [(pk, name) for pk, name, _s in group]))
    return choices
