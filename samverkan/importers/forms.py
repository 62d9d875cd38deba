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
