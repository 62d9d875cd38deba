from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NewsItem


class NewsForm(forms.ModelForm):
    publish = forms.BooleanField(
        label=_("Publicera på organets sida och i flödet"), required=False
    )

    class Meta:
        model = NewsItem
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publish"].initial = bool(self.instance.published_at)
        for name in ("title", "text"):
            self.fields[name].error_messages["required"] = _("Fyll i %(field)s.") % {
                "field": str(self.fields[name].label).lower()
            }
