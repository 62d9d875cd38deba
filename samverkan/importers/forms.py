from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.documents.forms import MultipleFileField, MultipleFileInput


class MinutesUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Filer med minnesanteckningar"),
        required=True,
        widget=MultipleFileInput(attrs={"accept": ".txt,.pdf,.docx"}),
        help_text=_("Text, PDF eller Word (DOCX). Välj flera filer på en gång."),
    )


class CompositionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Sidan med sammansättningen"),
        help_text=_("Text, PDF eller Word (DOCX) med tabellen ”För … För …”."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,.docx"}),
    )
    start = forms.DateField(
        label=_("Gäller från"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Ledamöter som inte står i tabellen avslutas dagen före."),
    )
