from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.organisation.models import Party, SubRegion

from .models import EconomicItem, Indicator


class FilterForm(forms.Form):
    first = forms.CharField(label=_("Från period"), required=False, max_length=10)
    last = forms.CharField(label=_("Till period"), required=False, max_length=10)
    unit = forms.ChoiceField(label=_("Enhet"), required=False)

    def __init__(self, *args: object, structure: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        subregions = SubRegion.objects.filter(structure=structure).values_list(
            "name", flat=True
        )
        municipalities = Party.objects.filter(
            structure=structure, kind=Party.Kind.MUNICIPALITY
        ).values_list("name", flat=True)
        self.fields["unit"].choices = (
            [("", _("Alla"))]
            + [(_("Delregioner"), [(name, name) for name in subregions])]
            + [(_("Kommuner"), [(name, name) for name in municipalities])]
        )


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indikator"), queryset=Indicator.objects.none()
    )
    period = forms.CharField(
        label=_("Period"), max_length=10, help_text=_("2024, 2024-K2 eller 2024-05")
    )
    unit = forms.CharField(
        label=_("Enhet"),
        required=False,
        help_text=_(
            "Kommun, delregion eller regionens enhet; tomt för hela strukturen."
        ),
    )
    value = forms.DecimalField(label=_("Värde"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Källa"), required=False, max_length=300)
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, agreement: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            goal__agreement=agreement
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"))


class EconomicItemForm(forms.ModelForm):
    class Meta:
        model = EconomicItem
        fields = [
            "party",
            "year",
            "kind",
            "category",
            "amount_sek",
            "description",
            "source",
        ]

    def __init__(self, *args: object, agreement: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(
            structure=agreement.structure
        )
