from django import forms
from django.utils.translation import gettext_lazy as _

MONTHS = [
    (1, _("januari")), (2, _("februari")), (3, _("mars")), (4, _("april")), (5, _("maj")),
    (6, _("juni")), (7, _("juli")), (8, _("augusti")), (9, _("september")),
    (10, _("oktober")), (11, _("november")), (12, _("december")),
]  # fmt: skip
WEEKDAYS = [
    (0, _("måndag")), (1, _("tisdag")), (2, _("onsdag")), (3, _("torsdag")), (4, _("fredag")),
]  # fmt: skip
ORDINALS = [
    (1, _("första")),
    (2, _("andra")),
    (3, _("tredje")),
    (4, _("fjärde")),
    (-1, _("sista")),
]


class SeriesForm(forms.Form):
    """'The second Friday of February, April, June, September, November and December'."""

    ordinal = forms.TypedChoiceField(
        label=_("Vilken"), choices=ORDINALS, coerce=int, initial=2
    )
    weekday_index = forms.TypedChoiceField(
        label=_("Veckodag"), choices=WEEKDAYS, coerce=int, initial=4
    )
    months = forms.TypedMultipleChoiceField(
        label=_("Månader"),
        choices=MONTHS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.TimeField(
        label=_("Börjar"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        initial="09:00",
    )
    end = forms.TimeField(
        label=_("Slutar"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    place = forms.CharField(label=_("Plats"), required=False, max_length=300)
