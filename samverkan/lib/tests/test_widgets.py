from django import forms

from samverkan.lib.widgets import QuickSelect

CHOICES = [
    ("", "Alla"),
    ("1", "Malmö & Lund"),
    ("Skåne", [("2", "Ystad"), ("3", '"Eslöv"')]),
]


class _Form(forms.Form):
    slow = forms.ChoiceField(choices=CHOICES, required=False)
    quick = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)


def _html(field: forms.BoundField) -> str:
    return str(field).replace("slow", "NAME").replace("quick", "NAME")


def test_the_quick_select_renders_what_djangos_select_renders():
    for data in ({}, {"slow": "3", "quick": "3"}, {"slow": "1", "quick": "1"}):
        form = _Form(data or None)
        form.is_valid()
        expected = " ".join(_html(form["slow"]).split()).replace("> <", "><")
        assert _html(form["quick"]) == expected
        assert "Malmö &amp; Lund" in _html(form["quick"])
        assert "&quot;Eslöv&quot;" in _html(form["quick"])
    assert '<option value="1" selected>' in _html(form["quick"])
