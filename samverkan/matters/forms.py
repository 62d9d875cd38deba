from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.documents.forms import MultipleFileField
from samverkan.organisation.models import Body, Party, Side

from .models import ConsequenceAnalysis, Matter, Uptake

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MatterForm(forms.ModelForm):
    """The intake form of a party."""

    attachments = MultipleFileField(label=_("Bifoga dokument"))

    class Meta:
        model = Matter
        fields = [
            "body",
            "title",
            "description",
            "raised_by",
            "category",
            "affects_both_parties",
            "visibility",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(
        self, *args: object, structure: object, parties: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(structure=structure)
        self.fields["raised_by"].queryset = parties
        self.fields["body"].label = _("Till organ")


class MatterFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök i rubrik och nummer"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla"))] + Matter.Status.choices,
    )
    category = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Alla"))] + Matter.Category.choices,
    )
    body = forms.ModelChoiceField(
        label=_("Organ"), required=False, queryset=Body.objects.none()
    )
    party = forms.ModelChoiceField(
        label=_("Väckt av"), required=False, queryset=Party.objects.none()
    )
    year = forms.IntegerField(
        label=_("År"), required=False, min_value=1900, max_value=2200
    )

    def __init__(self, *args: object, structure: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(structure=structure)
        self.fields["party"].queryset = Party.objects.filter(structure=structure)

    def filter(self, queryset):  # noqa: ANN001, ANN201
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = _text_filter(queryset, data["q"])
        for field in ("status", "category", "body", "year"):
            if data[field]:
                queryset = queryset.filter(**{field: data[field]})
        if data["party"]:
            queryset = queryset.filter(raised_by=data["party"])
        return queryset


def _text_filter(queryset, text: str):  # noqa: ANN001, ANN202
    """Match a title, or a registry number such as 'CS 2024/7' or '2024/7'."""
    import re

    from django.db.models import Q

    number = re.search(r"(\d{4})\s*/\s*(\d+)", text)
    condition = Q(title__icontains=text)
    if number:
        condition |= Q(year=int(number.group(1)), number=int(number.group(2)))
    return queryset.filter(condition)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Matter.Status.choices)
    note = forms.CharField(
        label=_("Kommentar eller skäl"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RouteForm(forms.Form):
    to_body = forms.ModelChoiceField(
        label=_("Till organ"), queryset=Body.objects.none()
    )
    reason = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, matter: Matter, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = Body.objects.filter(
            structure=matter.body.structure
        ).exclude(pk=matter.body_id)


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = ConsequenceAnalysis
        fields = ["patients", "organisation", "staff", "it", "legal", "completed"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("patients", "organisation", "staff", "it", "legal")
        }


class EconomyForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Part"), queryset=Party.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=2200)
    amount_sek = forms.DecimalField(
        label=_("Belopp (kr)"), max_digits=14, decimal_places=0
    )
    note = forms.CharField(label=_("Kommentar"), required=False, max_length=300)

    def __init__(
        self, *args: object, matter: Matter, side: str, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(structure=matter.body.structure)
        if side == Side.REGION:
            parties = parties.filter(kind=Party.Kind.REGION)
        else:
            parties = parties.exclude(kind=Party.Kind.REGION)
        self.fields["party"].queryset = parties


EconomyFormSet = forms.formset_factory(EconomyForm, extra=2, can_delete=True)


class PreparationForm(forms.Form):
    preparing_body = forms.ModelChoiceField(
        label=_("Beredande organ"), queryset=Body.objects.none(), required=False
    )
    preparers = forms.ModelMultipleChoiceField(
        label=_("Beredare"), queryset=None, required=False
    )
    notes = forms.CharField(
        label=_("Beredningsanteckningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, matter: Matter, **kwargs: object) -> None:
        from samverkan.organisation.models import Person

        super().__init__(*args, **kwargs)
        structure = matter.body.structure
        self.fields["preparing_body"].queryset = Body.objects.filter(
            structure=structure
        )
        self.fields["preparers"].queryset = Person.objects.filter(
            memberships__body__structure=structure
        ).distinct()


class CrossReferenceForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Part"), queryset=Party.objects.none())
    registry_number = forms.CharField(label=_("Partens diarienummer"), max_length=100)

    def __init__(self, *args: object, matter: Matter, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(
            structure=matter.body.structure
        )


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Rekommendation"), widget=forms.Textarea(attrs={"rows": 4})
    )
    issued_on = forms.DateField(label=_("Datum"), widget=DATE)
    answer_by = forms.DateField(label=_("Svar senast"), required=False, widget=DATE)


class UptakeForm(forms.ModelForm):
    decision_url = forms.URLField(
        label=_("Länk till beslutet"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Uptake
        fields = [
            "status",
            "decided_on",
            "party_registry_number",
            "decision_url",
            "comment",
        ]
        widgets = {"decided_on": DATE, "comment": forms.Textarea(attrs={"rows": 2})}
