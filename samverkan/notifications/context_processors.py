import functools

from django.http import HttpRequest


def unread(request: HttpRequest) -> dict[str, object]:
    """The signed-in user's unread count, queried once and only if a page shows it.

    Templates call a callable variable, so the count is a cached function.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}

    @functools.cache
    def count() -> int:
        from .services import unread_count

        return unread_count(user)

    return {"notifications_unread": count}
