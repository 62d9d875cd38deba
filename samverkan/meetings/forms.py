import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.organisation.models import Body, Person

from .models import AgendaItem, Attendance, Statement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    start = forms.TimeField(
        label=_("Börjar"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("Slutar"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    place = forms.CharField(label=_("Plats"), required=False, max_length=300)
    video_link = forms.URLField(
        label=_("Videolänk"), required=False, assume_scheme="https"
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise forms.ValidationError(_("Mötet måste sluta efter att det börjar."))
        return data


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.name


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    kind = forms.ChoiceField(label=_("Typ"), choices=AgendaItem.Kind.choices)
    presenters = PeopleField(
        label=_("Föredragande"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: object, meeting: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        structure = meeting.body.structure
        self.fields["presenters"].queryset = Person.objects.filter(
            memberships__body__structure=structure
        ).distinct()


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Roll"), choices=Attendance.Role.choices)
    status = forms.ChoiceField(label=_("Närvaro"), choices=Attendance.Status.choices)
    side = forms.ChoiceField(
        label=_("Part"),
        required=False,
        choices=[
            ("", "–"),
            ("region", _("Regionen")),
            ("municipalities", _("Kommunerna")),
        ],
    )
    replaced_by = forms.ModelChoiceField(
        label=_("Ersatt av"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: object, meeting: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(
            memberships__body__structure=meeting.body.structure
        ).distinct()
        self.fields["person"].queryset = people
        self.fields["replaced_by"].queryset = people


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        required=False,
        choices=[("", "–"), *AgendaItem.Outcome.choices],
    )
    outcome_text = forms.CharField(
        label=_("Beslut eller rekommendation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    changes = forms.CharField(
        label=_("Förändringar, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Återkoppling"),
        max_length=500,
        help_text=_("T.ex. ”Återkoppling till CS i april 2024”."),
    )
    target_body = forms.ModelChoiceField(
        label=_("Till organ"), queryset=Body.objects.none()
    )
    target_month = forms.CharField(
        label=_("Månad (ÅÅÅÅ-MM)"), max_length=7, required=False
    )

    def __init__(self, *args: object, meeting: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_body"].queryset = Body.objects.filter(
            structure=meeting.body.structure
        )
        self.fields["target_body"].initial = meeting.body

    def clean_target_month(self) -> dt.date | None:
        text = self.cleaned_data["target_month"].strip()
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError as error:
            raise forms.ValidationError(
                _("Ange månaden som ÅÅÅÅ-MM, t.ex. 2024-04.")
            ) from error


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Uppdrag"), max_length=300)
    owners = PeopleField(
        label=_("Ansvariga"), queryset=Person.objects.none(), required=False
    )
    due = forms.DateField(label=_("Klart senast"), required=False, widget=DATE)
    return_meeting = forms.ModelChoiceField(
        label=_("Återkommer till mötet"), required=False, queryset=None
    )

    def __init__(self, *args: object, meeting: object, **kwargs: object) -> None:
        from .models import Meeting

        super().__init__(*args, **kwargs)
        self.fields["return_meeting"].queryset = Meeting.objects.filter(
            body=meeting.body, starts_at__gt=meeting.starts_at
        ).exclude(status=Meeting.Status.CANCELLED)
        self.fields["owners"].queryset = Person.objects.filter(
            memberships__body__structure=meeting.body.structure
        ).distinct()


class StatementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), choices=Statement.Kind.choices)
    side = forms.ChoiceField(
        label=_("Part"),
        required=False,
        choices=[
            ("", "–"),
            ("region", _("Regionen")),
            ("municipalities", _("Kommunerna")),
        ],
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))


class ApproversForm(forms.Form):
    chair = forms.ModelChoiceField(
        label=_("Ordförande"), queryset=Person.objects.none()
    )
    approvers = PeopleField(
        label=_("Justerare"), queryset=Person.objects.none(), required=False
    )
    due = forms.DateField(label=_("Justeras senast"), required=False, widget=DATE)

    def __init__(self, *args: object, meeting: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(attendance__meeting=meeting).distinct()
        self.fields["chair"].queryset = people
        self.fields["approvers"].queryset = people
