"""The search page, suggestions as you type, and the same as JSON.

Everyone may search; what each user finds is decided per entry by
`services.visible_entries`, so the views are public.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from samverkan.accounts.permissions import public
from samverkan.operations.pagecache import cached_page

from . import services
from .forms import SearchForm
from .models import Kind


def _problem(detail: str, errors: dict[str, list[str]] | None = None) -> JsonResponse:
    """Return a 400 answer as problem+json (RFC 7807), like the API's."""
    body = {
        "type": "about:blank",
        "title": _("Ogiltig sökning"),
        "status": 400,
        "detail": detail,
        "code": services.InvalidQuery.code,
    }
    if errors:
        body["errors"] = errors
    return JsonResponse(
        body,
        status=400,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _form_errors(form: SearchForm) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def _page_link(form: SearchForm, page: int) -> str:
    data = {key: value for key, value in form.data.lists() if key != "sida"}
    return "?" + urlencode({**data, "sida": page}, doseq=True)


@public
@cached_page
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results, status = None, 200
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        try:
            results = services.search(
                request.user, form.cleaned_data["q"], **form.search_arguments()
            )
        except services.InvalidQuery as error:
            form.add_error(None, error.message)
    if form.errors:
        status = 400
    context = {
        "form": form,
        "results": results,
        "search_query": form.data.get("q", ""),
        "kinds": Kind,
    }
    if results is not None:
        context["previous_link"] = _page_link(form, results.page - 1)
        context["next_link"] = _page_link(form, results.page + 1)
    return render(request, "search/search.html", context, status=status)


@public
@cached_page
def search_json(request: HttpRequest) -> JsonResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _problem(_("Sökningen innehåller fel."), _form_errors(form))
    if not form.cleaned_data["q"]:
        return _problem(_("Ange vad du söker efter (q)."), {"q": [_("Obligatoriskt.")]})
    try:
        page = services.search(
            request.user, form.cleaned_data["q"], **form.search_arguments()
        )
    except services.InvalidQuery as error:
        return _problem(error.message)
    return JsonResponse(page.as_json(), json_dumps_params={"ensure_ascii": False})


@public
@cached_page
def suggestions(request: HttpRequest) -> HttpResponse:
    """The list under the search box (htmx); empty for a short or long prefix."""
    return render(
        request,
        "search/_suggestions.html",
        {
            "suggestions": services.suggest(request.user, request.GET.get("q", "")),
            "search_query": request.GET.get("q", ""),
        },
    )


@public
@cached_page
def suggestions_json(request: HttpRequest) -> JsonResponse:
    prefix = request.GET.get("q", "")
    if len(prefix) > services.MAX_QUERY_LENGTH:
        return _problem(
            _("Sökfrågan är för lång (högst %(max)s tecken).")
            % {"max": services.MAX_QUERY_LENGTH}
        )
    found = services.suggest(request.user, prefix)
    return JsonResponse(
        {"query": prefix, "results": [suggestion.as_json() for suggestion in found]},
        json_dumps_params={"ensure_ascii": False},
    )
