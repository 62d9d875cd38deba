from django import forms
from django.utils.translation import gettext_lazy as _

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
    organ = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Body.objects.order_by("structure__name", "position", "name"),
        required=False,
        empty_label=_("Alla organ"),
    )
    ar = forms.IntegerField(
        label=_("År"), required=False, min_value=1900, max_value=2100
    )
    part = forms.ModelChoiceField(
        label=_("Part"),
        queryset=Party.objects.order_by("structure__name", "kind", "name"),
        required=False,
        empty_label=_("Alla parter"),
    )
    sida = forms.IntegerField(
        label=_("Sida"), required=False, min_value=1, widget=forms.HiddenInput
    )

    def search_arguments(self) -> dict[str, object]:
        """Return the keyword arguments of `services.search` from valid data."""
        data = self.cleaned_data
        return {
            "types": data["typ"] or None,
            "body": data["organ"].pk if data["organ"] else None,
            "year": data["ar"],
            "party": data["part"].pk if data["part"] else None,
            "page": data["sida"] or 1,
        }
