"""The security baseline: headers, no inline scripts, `check --deploy` clean."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import Client


def test_every_page_carries_a_content_security_policy(db, structure) -> None:
    response = Client().get(structure.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.parametrize(
    "path",
    ["/konto/logga-in/", "/samverkan/test/", "/konto/", "/konto/tvastegsverifiering/"],
)
def test_no_page_has_an_inline_script_or_handler(
    client, member, structure, path
) -> None:
    client.force_login(member)
    html = client.get(path).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page loads htmx"
    assert all(" src=" in tag for tag in scripts), scripts
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not re.search(r"hx-on[:-]", html), "htmx inline handler"


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(db, structure) -> None:
    html = Client().get(structure.get_absolute_url()).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def production_env(**extra: str) -> dict[str, str]:
    # The test run itself allows async-unsafe ORM calls (Playwright); production never.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **extra}


def test_the_production_profile_passes_check_deploy() -> None:
    env = production_env(
        **{
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "samverkan.example",
        }
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and command)
        [
            sys.executable,
            "-m",
            "samverkan.cli",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_profile_secures_cookies_and_transport() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY)"
    )
    env = production_env(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_SETTINGS_MODULE="samverkan.settings",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["True"] * 5
