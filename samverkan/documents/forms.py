from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleaned to a list of (name, bytes)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"})
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "PDF, DOCX, XLSX eller ODT. Ett dokument med samma filnamn blir "
                "en ny version."
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list[tuple[str, bytes]]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        return [(f.name, f.read()) for f in cleaned if f]


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Bifoga dokument"), required=True)
