from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Return whether htmx sent the request (and so wants a partial)."""
    return request.headers.get("HX-Request") == "true"
