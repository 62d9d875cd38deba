import time
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverkan.audit.models import AuditEvent
from samverkan.audit.services import record_event
from samverkan.lib.errors import (
    IdentityNotRecognised,
    InvitationInvalid,
    PersonInPublicRecord,
    SignInLocked,
)

from . import oidc, permissions, services
from .forms import CodeForm, InvitationForm, SetPasswordForm, SignInForm
from .models import User
from .permissions import administrator, public, signed_in

PENDING = "samverkan_pending_sign_in"
STRONG = "samverkan_strong_sign_in"
PENDING_SECONDS = 300


def _next_url(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url}, safe='/')}"


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            username = form.cleaned_data["username"]
            try:
                services.check_sign_in_allowed(username=username, request=request)
                user = auth.authenticate(
                    request, username=username, password=form.cleaned_data["password"]
                )
                if user is None:
                    services.check_sign_in_allowed(username=username, request=request)
                    form.add_error(
                        None, _("Fel användarnamn eller lösenord. Försök igen.")
                    )
                else:
                    return _first_factor_passed(request, user)
            except SignInLocked as locked:
                form.add_error(None, locked.message)
                status = locked.status_code
    context = {
        "form": form,
        "next": _next_url(request, ""),
        "oidc_enabled": oidc.is_enabled(),
        "oidc_label": settings.OIDC_LABEL,
    }
    return render(request, "accounts/sign_in.html", context, status=status)


def _first_factor_passed(request: HttpRequest, user: User) -> HttpResponse:
    if user_has_device(user, confirmed=True):
        request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
        }
        return redirect(_with_next("accounts:sign-in-code", _next_url(request)))
    auth.login(request, user)
    return redirect(_next_url(request))


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


@public
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Second step: the code from the authenticator app."""
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Logga in med användarnamn och lösenord först."))
        return redirect("accounts:sign-in")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            services.check_sign_in_allowed(username=user.username, request=request)
            if form.is_valid():
                device = match_token(user, form.cleaned_data["code"])
                if device is not None:
                    del request.session[PENDING]
                    auth.login(request, user)
                    otp_login(request, device)
                    return redirect(_next_url(request))
                record_event(
                    kind=AuditEvent.Kind.TWO_FACTOR_FAILED,
                    request=request,
                    username=user.username,
                )
                form.add_error("code", _("Koden stämmer inte. Försök igen."))
        except SignInLocked as locked:
            request.session.pop(PENDING, None)
            form.add_error(None, locked.message)
            status = locked.status_code
    return render(
        request,
        "accounts/sign_in_code.html",
        {"form": form, "next": _next_url(request, "")},
        status=status,
    )


sign_out = public(
    require_POST(
        auth_views.LogoutView.as_view(next_page=reverse_lazy("accounts:sign-in"))
    )
)


@public
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """Send the Django admin's own sign-in to ours (throttling, two factors)."""
    return redirect(
        f"{reverse('accounts:sign-in')}?next={_next_url(request, '/admin/')}"
    )


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "roles": permissions.roles_in_words(request.user),
            "has_two_factor": user_has_device(request.user, confirmed=True),
            "requires_two_factor": permissions.requires_two_factor(request.user),
            "may_view_log": permissions.can_view_audit_log(request.user),
        },
    )


@signed_in
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: show the key as a QR code, confirm one code."""
    verified = request.user.is_verified() or request.session.get(STRONG)
    if not verified and user_has_device(request.user, confirmed=True):
        # Replacing an app takes the code of the present one first.
        raise PermissionDenied(_("Logga in med koden från din nuvarande app först."))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Autentiseringsapp"), confirmed=False
        )
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Tvåstegsverifiering är påslagen."))
            return redirect(_next_url(request, reverse("accounts:account")))
        if form.is_valid():
            form.add_error("code", _("Koden stämmer inte. Försök igen."))
    # segno writes plain SVG elements with no script and no style attribute.
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(qr),  # noqa: S308
            "key": _grouped(device.bin_key),
            "next": _next_url(request, ""),
            "required": permissions.requires_two_factor(request.user),
        },
        status=status,
    )


def _grouped(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_invalid(self, form: object) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


password_change = signed_in(
    PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:account"),
    )
)


@public
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.get_usable_invitation(token)
    except InvitationInvalid as invalid:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"message": invalid.message},
            status=invalid.status_code,
        )
    person = invitation.person
    user = person.user or User(
        username=invitation.email,
        email=invitation.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    form = SetPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            messages.success(
                request,
                _("Lösenordet är sparat. Logga in med användarnamnet %(name)s.")
                % {"name": user.username},
            )
            return redirect("accounts:sign-in")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=status,
    )


@public
def oidc_start(request: HttpRequest) -> HttpResponse:
    if not oidc.is_enabled():
        raise Http404
    request.session["oidc_next"] = _next_url(request)
    return oidc.start(
        request, request.build_absolute_uri(reverse("accounts:oidc-callback"))
    )


@public
def oidc_callback(request: HttpRequest) -> HttpResponse:
    from authlib.integrations.base_client import OAuthError
    from joserfc.errors import JoseError

    if not oidc.is_enabled():
        raise Http404
    try:
        claims = oidc.finish(request)
        user = services.user_for_identity(issuer=settings.OIDC_ISSUER, claims=claims)
    except (OAuthError, JoseError, KeyError, ValueError) as error:
        record_event(
            kind=AuditEvent.Kind.SIGN_IN_FAILED,
            request=request,
            detail=f"OIDC: {error}"[:500],
        )
        return _oidc_refused(
            request, _("Inloggningen kunde inte bekräftas. Försök igen.")
        )
    except IdentityNotRecognised as unknown:
        record_event(
            kind=AuditEvent.Kind.SIGN_IN_FAILED,
            request=request,
            detail=f"OIDC: {unknown.message}"[:500],
        )
        return _oidc_refused(request, unknown.message)
    next_url = request.session.pop("oidc_next", "/")
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if settings.OIDC_IS_TWO_FACTOR:
        request.session[STRONG] = True
    return redirect(next_url)


def _oidc_refused(request: HttpRequest, message: str) -> HttpResponse:
    request._denial_logged = True  # logged as a failed sign-in, not a denial
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": SignInForm(),
            "refused": message,
            "oidc_enabled": True,
            "oidc_label": settings.OIDC_LABEL,
        },
        status=403,
    )


# Personal data and invitations, for administrators.


def _person(pk: int) -> object:
    from django.apps import apps

    return get_object_or_404(
        apps.get_model("organisation", "Person").objects.select_related("user"), pk=pk
    )


@administrator
def person_data(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    return render(
        request,
        "accounts/person_data.html",
        {
            "person": person,
            "blockers": services.removal_blockers(person),
            "invitations": person.invitations.all()[:10],
            "invitation_form": InvitationForm(initial={"email": person.email}),
        },
    )


@administrator
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    document = services.export_person(person=person, actor=request.user)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{pk}.json"'
    return response


@administrator
@require_POST
def person_remove(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    try:
        services.remove_person(person=person, actor=request.user)
    except PersonInPublicRecord as kept:
        return render(
            request,
            "accounts/person_data.html",
            {
                "person": person,
                "blockers": kept.reasons,
                "invitations": person.invitations.all()[:10],
                "invitation_form": InvitationForm(initial={"email": person.email}),
                "refused": True,
            },
            status=kept.status_code,
        )
    messages.success(request, _("Personen och all historik om personen är borttagen."))
    return redirect("accounts:account")


@administrator
@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/person_data.html",
            {
                "person": person,
                "blockers": services.removal_blockers(person),
                "invitations": person.invitations.all()[:10],
                "invitation_form": form,
            },
            status=400,
        )
    services.invite_person(
        person=person,
        email=form.cleaned_data["email"],
        actor=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    messages.success(
        request,
        _("Inbjudan är skickad till %(email)s.")
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("accounts:person-data", pk=pk)
