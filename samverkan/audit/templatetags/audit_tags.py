"""Links to a record's history, shown only to those who may read it.

{% load audit_tags %}
{% history_link body %}
"""

from django import template
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from samverkan.accounts.permissions import can_view_history

register = template.Library()


@register.simple_tag(takes_context=True)
def history_link(context: template.Context, obj: models.Model) -> SafeString | str:
    """Render a 'Historik' link to `obj`'s history if the user may read it."""
    request = context.get("request")
    if request is None or not can_view_history(request.user, obj):
        return ""
    meta = obj._meta
    url = reverse("audit:history", args=[meta.app_label, meta.model_name, obj.pk])
    return render_to_string("audit/_history_link.html", {"url": url})
