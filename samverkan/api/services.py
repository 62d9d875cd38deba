"""Create and revoke personal API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.lib.errors import DomainError

from .models import TOKEN_PREFIX, ApiToken, token_digest

MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def create_token(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with the secret, which is shown once."""
    name = name.strip()
    if not name:
        raise DomainError(_("Ge nyckeln ett namn, t.ex. systemet som ska använda den."))
    if scope not in ApiToken.Scope.values:
        raise DomainError(_("Välj läs- eller skrivbehörighet."))
    active = ApiToken.objects.filter(user=user, revoked__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            _("Du har redan %(count)s aktiva nycklar. Återkalla någon först.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    visible = secrets.token_urlsafe(6)[:8]
    secret = f"{TOKEN_PREFIX}{visible}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name[:100],
        prefix=f"{TOKEN_PREFIX}{visible}",
        digest=token_digest(secret),
        scope=scope,
    )
    token._history_user = user
    token.save()
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke `token` at once; a revoked token never works again."""
    if token.revoked is None:
        token.revoked = timezone.now()
        token._history_user = actor
        token.save(update_fields=["revoked"])
    return token
