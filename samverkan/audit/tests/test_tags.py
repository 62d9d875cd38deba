from django.template import Context, Template
from django.test import RequestFactory

from samverkan.accounts.permissions import forget_scope


def render_for(user, obj) -> str:  # noqa: ANN001
    request = RequestFactory().get("/")
    request.user = user
    forget_scope(user)
    template = Template("{% load audit_tags %}{% history_link obj %}")
    return template.render(Context({"request": request, "obj": obj}))


def test_the_history_link_shows_for_the_secretary(secretary, persona_body) -> None:
    html = render_for(secretary, persona_body)
    assert f'href="/granskning/historik/organisation/body/{persona_body.pk}/"' in html
    assert "Historik" in html


def test_the_history_link_hides_from_a_member(member, persona_body) -> None:
    assert render_for(member, persona_body) == ""
