from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samverkan.accounts.permissions import (
    administrator,
    can_view,
    can_view_history,
    signed_in,
)

from . import selectors
from .models import AuditEvent


@signed_in
@require_safe
def record_history(
    request: HttpRequest, app_label: str, model_name: str, pk: int
) -> HttpResponse:
    """The 'Historik' of one record: who changed what, when. Read only."""
    model = selectors.tracked_model(app_label, model_name)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None or not can_view(request.user, obj):
        raise Http404
    if not can_view_history(request.user, obj):
        raise PermissionDenied(
            _("Historiken visas för sekreterare och administratörer.")
        )
    return render(
        request,
        "audit/record_history.html",
        {
            "obj": obj,
            "model_label": obj._meta.verbose_name,
            "versions": selectors.versions(obj),
        },
    )


@administrator
@require_safe
def event_log(request: HttpRequest) -> HttpResponse:
    """The security log: sign-ins, failures, lock-outs and denials."""
    events = AuditEvent.objects.select_related("user").order_by("-time", "-pk")
    kind = request.GET.get("kind", "")
    if kind in AuditEvent.Kind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_log.html",
        {"page": page, "kinds": AuditEvent.Kind.choices, "kind": kind},
    )
