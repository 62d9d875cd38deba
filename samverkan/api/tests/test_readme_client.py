"""The README's example client runs as printed against a live server."""

import re
from pathlib import Path

import pytest

from samverkan.accounts.models import User
from samverkan.api.models import ApiToken
from samverkan.api.services import create_token
from samverkan.matters.models import Matter

README = Path(__file__).resolve().parents[3] / "README.md"


def readme_python_client() -> str:
    section = README.read_text(encoding="utf-8").split("### Integration API")[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


@pytest.mark.usefixtures("transactional_db")
def test_the_readme_client_registers_lists_and_moves_a_matter_on_with_its_etag(
    demo, live_server, capsys
):
    secretary = User.objects.get(username="sekreterare")
    _token, secret = create_token(
        user=secretary, name="README", scope=ApiToken.Scope.WRITE
    )
    code = (
        readme_python_client()
        .replace('"Bearer svk_…"', f'"Bearer {secret}"')
        .replace("http://127.0.0.1:8000", live_server.url)
    )

    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README

    (matter,) = Matter.objects.all()
    assert matter.raised_by.name == "Malmö"
    assert matter.body.short_name == "CS"
    assert matter.status == Matter.Status.IN_PREPARATION
    # The list printed it, as it was before the change.
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        f"{matter.registry_number} received Läkemedelsgenomgångar i hemsjukvården"
    ]
