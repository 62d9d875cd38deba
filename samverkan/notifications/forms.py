from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One row per kind: shown in the app or not, and how it is e-mailed."""

    def __init__(self, *args: object, initial_choices: dict, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind in Kind:
            in_app, email = initial_choices[kind.value]
            app_field = f"{kind.value}-in_app"
            email_field = f"{kind.value}-email"
            self.fields[app_field] = forms.BooleanField(
                label=_("Visa i Samverkan"), required=False, initial=in_app
            )
            self.fields[email_field] = forms.ChoiceField(
                label=_("E-post"),
                choices=Delivery.choices,
                initial=email,
                widget=forms.RadioSelect,
            )
            self.rows.append((kind, app_field, email_field))

    def choices(self) -> dict[str, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            kind.value: (data[app_field], data[email_field])
            for kind, app_field, email_field in self.rows
        }

    def bound_rows(self) -> list[tuple[Kind, forms.BoundField, forms.BoundField]]:
        return [(kind, self[a], self[e]) for kind, a, e in self.rows]
