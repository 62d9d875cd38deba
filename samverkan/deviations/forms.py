from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.documents.forms import MultipleFileField
from samverkan.organisation.models import Party, SubRegion

from .models import Deviation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeviationForm(forms.ModelForm):
    attachments = MultipleFileField(label=_("Bifoga dokument"))

    class Meta:
        model = Deviation
        fields = [
            "reporting_party",
            "reporting_unit",
            "concerned_party",
            "concerned_unit",
            "event_date",
            "category",
            "description",
            "consequence",
            "improvement",
        ]
        widgets = {
            "event_date": DATE,
            "description": forms.Textarea(attrs={"rows": 6}),
            "improvement": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": _(
                "Beskriv händelsen utan patientens namn eller personnummer. En rapport "
                "med ett personnummer tas inte emot."
            )
        }

    def __init__(
        self, *args: object, structure: object, reporting: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(structure=structure)
        self.fields["reporting_party"].queryset = reporting
        self.fields["concerned_party"].queryset = parties


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Svar"), widget=forms.Textarea(attrs={"rows": 5}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}))


class StatisticsForm(forms.Form):
    start = forms.DateField(label=_("Från"), required=False, widget=DATE)
    end = forms.DateField(label=_("Till"), required=False, widget=DATE)
    category = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Alla"))] + Deviation.Category.choices,
    )
    party = forms.ModelChoiceField(
        label=_("Part"), required=False, queryset=Party.objects.none()
    )
    subregion = forms.ModelChoiceField(
        label=_("Delregion"), required=False, queryset=SubRegion.objects.none()
    )

    def __init__(self, *args: object, structure: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(structure=structure)
        self.fields["subregion"].queryset = SubRegion.objects.filter(
            structure=structure
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Slutdatumet ligger före startdatumet."))
        return data


class DisputeForm(forms.Form):
    opened_by = forms.ModelChoiceField(label=_("Part"), queryset=Party.objects.none())
    question = forms.CharField(
        label=_("Tvistefråga"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: object, parties: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_by"].queryset = parties


class PositionForm(forms.Form):
    text = forms.CharField(
        label=_("Ståndpunkt"), widget=forms.Textarea(attrs={"rows": 5})
    )


class RecommendForm(forms.Form):
    text = forms.CharField(
        label=_("Rekommendation"), widget=forms.Textarea(attrs={"rows": 5})
    )
    on = forms.DateField(label=_("Datum"), widget=DATE)


class RespondForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Svar"),
        choices=[("1", _("Accepterar")), ("0", _("Accepterar inte"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
