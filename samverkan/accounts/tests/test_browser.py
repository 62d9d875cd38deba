"""The main journey in a real browser: a secretary signs in with a TOTP code."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


def test_a_secretary_signs_in_with_password_and_code(secretary, page) -> None:
    device = TOTPDevice.objects.get(user=secretary)
    page.goto("/konto/")
    assert "/konto/logga-in/" in page.url
    page.get_by_label("Användarnamn").fill("secretary")
    page.get_by_label("Lösenord").fill("secret-password-1")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_label("Engångskod").fill(code(device))
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("heading", name="Mitt konto").wait_for()
    assert page.url.endswith("/konto/")
    assert page.get_by_text("sekreterare, CS").is_visible()


def test_a_secretary_without_an_app_pairs_one_before_anything_else(
    secretary, page
) -> None:
    TOTPDevice.objects.filter(user=secretary).delete()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("secretary")
    page.get_by_label("Lösenord").fill("secret-password-1")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("heading", name="Slå på tvåstegsverifiering").wait_for()
    assert page.locator("figure.qr svg").is_visible()
    device = TOTPDevice.objects.get(user=secretary, confirmed=False)
    page.get_by_label("Engångskod").fill(code(device))
    page.get_by_role("button", name="Slå på").click()
    page.get_by_text("Tvåstegsverifiering är påslagen.").wait_for()
    # The Content-Security-Policy let the page run without violations.
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_a_wrong_password_shows_the_swedish_message(member, page) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("member")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").inner_text().startswith("Fel användarnamn")
