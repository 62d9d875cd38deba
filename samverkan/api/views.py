"""The user's own API tokens: create (shown once) and revoke."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import signed_in
from samverkan.lib.errors import DomainError

from . import services
from .forms import TokenForm
from .models import ApiToken


@signed_in
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                token, secret = services.create_token(
                    user=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                status = 201
                form = TokenForm()
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
            "api_url": request.build_absolute_uri(reverse("api-v1:api-root")),
            "docs_url": reverse("api-v1:openapi-view"),
        },
        status=status,
    )


@signed_in
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's token is not found: never say whose it is.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(token=token, actor=request.user)
    messages.success(
        request, _("Nyckeln ”%(name)s” är återkallad.") % {"name": token.name}
    )
    return redirect("api:tokens")
