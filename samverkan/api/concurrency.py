"""ETag and If-Match: a write must name the version it was based on."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .errors import ApiError

MISSING = _(
    "Ange If-Match med resursens ETag (från senaste GET) så att ingen annans "
    "ändring skrivs över."
)
STALE = _(
    "Resursen har ändrats sedan du läste den (ETag stämmer inte). Hämta den på "
    "nytt, gör ändringen där och försök igen."
)


def etag_of(representation: dict[str, Any]) -> str:
    """Return the strong ETag of a representation: a digest of its JSON."""
    canonical = json.dumps(representation, sort_keys=True, default=str)
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


def require_match(request: HttpRequest, current: str) -> None:
    """Refuse the write unless If-Match names the current version.

    Called inside the write's transaction with the row locked, so two
    writers holding the same ETag cannot both pass.
    """
    given = request.headers.get("If-Match", "").strip()
    if not given:
        raise ApiError(428, "if_match_required", MISSING)
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    if "*" not in tags and current not in tags:
        raise ApiError(412, "etag_mismatch", STALE, headers={"ETag": current})
