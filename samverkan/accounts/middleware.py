from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from samverkan.lib.htmx import is_htmx

from .permissions import requires_two_factor

# Where a user who still owes the second factor may go.
OPEN_URL_NAMES = {
    "accounts:two-factor-setup",
    "accounts:sign-in",
    "accounts:sign-in-code",
    "accounts:sign-out",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    """Send administrators and secretaries to set up or give their second factor.

    Nothing else is served to them until they have; runs after django-otp's
    OTPMiddleware, which tells whether this session was verified.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        if request.session.get("samverkan_strong_sign_in") or user.is_verified():
            return None
        if not requires_two_factor(user):
            return None
        if user_has_device(user, confirmed=True):
            # A session that signed in some other way: sign in again with the code.
            from django.contrib.auth import logout

            logout(request)
            target = reverse("accounts:sign-in")
        else:
            target = reverse("accounts:two-factor-setup")
        if is_htmx(request):
            # A partial would land inside the page; send the whole page instead.
            return HttpResponse(headers={"HX-Redirect": target})
        return redirect(f"{target}?next={quote(request.get_full_path())}")
