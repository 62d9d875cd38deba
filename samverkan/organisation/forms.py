import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class DayForm(forms.Form):
    """The date picker of composition pages: `?datum=2023-12-08`."""

    datum = forms.DateField(
        label=_("Visa sammansättningen den"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2023-12-08.")
        },
    )

    def clean_datum(self) -> dt.date | None:
        day = self.cleaned_data["datum"]
        if day and not (1900 <= day.year <= 2200):
            raise forms.ValidationError(_("Ange ett datum mellan år 1900 och 2200."))
        return day

    def day_or(self, default: dt.date) -> dt.date:
        """Return the chosen day, or `default` when none or an invalid one was given."""
        if self.is_bound and self.is_valid() and self.cleaned_data["datum"]:
            return self.cleaned_data["datum"]
        return default
