import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice


def test_totp_code_prints_the_code_the_app_shows(secretary) -> None:
    out = io.StringIO()
    call_command("totp_code", "secretary", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6
    assert TOTPDevice.objects.get(user=secretary).verify_token(code)


def test_totp_code_says_when_there_is_no_app(member) -> None:
    with pytest.raises(CommandError, match="ingen autentiseringsapp"):
        call_command("totp_code", "member")
