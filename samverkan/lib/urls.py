"""Reversing URLs many times over: indexing and open-data lists build thousands."""

from __future__ import annotations

import functools

from django.urls import reverse


@functools.lru_cache(maxsize=1024)
def _template(name: str, shape: tuple[str | None, ...]) -> str:
    markers = [f"{900_000_001 + 7919 * n}" for n in range(len(shape))]
    url = reverse(
        name, args=[fixed or int(m) for fixed, m in zip(shape, markers, strict=True)]
    )
    url = url.replace("{", "{{").replace("}", "}}")
    for fixed, marker in zip(shape, markers, strict=True):
        if fixed is None:
            url = url.replace(marker, "{}", 1)
    return url


def reverse_many(name: str, *args: int | str) -> str:
    """Return `reverse(name, args=args)` from a remembered template.

    Text arguments are part of the template; numbers are put into it, so the
    slow reversal runs once per view name and text, not once per record.
    """
    shape = tuple(arg if isinstance(arg, str) else None for arg in args)
    return _template(name, shape).format(
        *(arg for arg in args if not isinstance(arg, str))
    )
