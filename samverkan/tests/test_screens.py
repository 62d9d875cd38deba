"""The main pages of the demo on a phone, on paper and in the README.

Screenshots go to test-output/screenshots/ (or SAMVERKAN_SCREENSHOTS);
`make screenshots` points that at docs/screenshots/ for the README tour.
"""

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(
    os.environ.get("SAMVERKAN_SCREENSHOTS", ROOT / "test-output" / "screenshots")
)
TOUR_WIDTH = 1280
TOUR_MAX_HEIGHT = 1600
PHONE = {"width": 360, "height": 740}


@dataclass
class Screen:
    name: str  # the PNG's file name
    url: Callable[[dict], str]
    heading: str  # the page's h1, to know it is the page meant
    secretary: bool = False  # seen as the demo secretary, else as the public


def body_url(name: str, *extra: object) -> Callable[[dict], str]:
    return lambda d: reverse(name, args=[d["structure"].slug, "cs", *extra])


MAIN_PAGES = [
    Screen(
        "structure", lambda d: d["structure"].get_absolute_url(), "Vårdsamverkan Skåne"
    ),
    Screen(
        "body-page", lambda d: d["cs"].get_absolute_url(), "Centralt Samverkansorgan"
    ),
    Screen("meetings", body_url("meetings:list"), "Möten i Centralt Samverkansorgan"),
    Screen(
        "minutes",
        lambda d: reverse(
            "meetings:record", args=[d["held"].pk, "anteckningar", "html"]
        ),
        "Minnesanteckningar möte i Centralt Samverkansorgan, 2023-12-08",
    ),
    Screen(
        "meeting",
        lambda d: d["next"].get_absolute_url(),
        "",
        secretary=True,
    ),
    Screen(
        "agenda-builder",
        lambda d: reverse("meetings:agenda", args=[d["next"].pk]),
        "Bygg dagordningen",
        secretary=True,
    ),
    Screen(
        "attendance",
        lambda d: reverse("meetings:attendance", args=[d["held"].pk]),
        "",
        secretary=True,
    ),
    Screen(
        "minutes-editor",
        lambda d: reverse("meetings:minutes", args=[d["next"].pk]),
        "Skriv anteckningar",
        secretary=True,
    ),
    Screen(
        "year-plan",
        lambda d: reverse(
            "planning:year", args=[d["structure"].slug, "cs", d["today"].year]
        ),
        "",
        secretary=True,
    ),
    Screen(
        "matters",
        lambda d: reverse("matters:list", args=[d["structure"].slug]),
        "",
        secretary=True,
    ),
    Screen("matter", lambda d: d["matter"].get_absolute_url(), "", secretary=True),
    Screen(
        "deviation-statistics",
        lambda d: reverse("deviations:statistics", args=[d["structure"].slug]),
        "",
    ),
    Screen(
        "agreement",
        lambda d: reverse(
            "agreement:dashboard", args=[d["structure"].slug, "hs-avtalet"]
        ),
        "",
        secretary=True,
    ),
    Screen("my-calendar", lambda d: reverse("planning:mine"), "", secretary=True),
]


@pytest.fixture
def screens(demo_site, today) -> dict:  # noqa: ANN001
    """The demo with a matter and a deviation; the records the screens show."""
    from samverkan.deviations import services as deviations
    from samverkan.matters import services as matters
    from samverkan.meetings.models import Meeting
    from samverkan.organisation.models import Body, Party

    structure = demo_site
    cs = Body.objects.get(structure=structure, slug="cs")
    malmo = Party.objects.get(structure=structure, name="Malmö")
    region = Party.objects.get(structure=structure, kind=Party.Kind.REGION)
    matter = matters.register_matter(
        body=cs,
        title="Gemensam rutin för samordnad individuell plan (SIP)",
        description="Malmö föreslår en gemensam rutin för SIP vid utskrivning.",
        raised_by=malmo,
        category="agreement",
        actor=None,
        affects_both_parties=True,
    )
    deviations.report_deviation(
        structure=structure,
        reporting_party=malmo,
        reporting_unit="Hemtjänsten Limhamn",
        concerned_party=region,
        event_date=today - dt.timedelta(days=3),
        category="discharge",
        description="Utskriven utan att informationen fanns i det gemensamma systemet.",
        consequence="minor",
        actor=None,
        today=today,
    )
    meetings = Meeting.objects.filter(body=cs).order_by("starts_at")
    return {
        "structure": structure,
        "cs": cs,
        "held": meetings.first(),
        "next": meetings.last(),
        "matter": matter,
        "today": today,
    }


@pytest.fixture
def visit(page, sign_in, screens):  # noqa: ANN001
    """Return a function that opens a screen as the right person."""
    from samverkan.accounts.models import User

    secretary = User.objects.get(username="sekreterare")
    signed_in = {"now": None}

    def open_screen(screen: Screen) -> None:
        if signed_in["now"] != screen.secretary:
            page.context.clear_cookies()
            if screen.secretary:
                sign_in(page, secretary, verified=True)
            signed_in["now"] = screen.secretary
        response = page.goto(screen.url(screens))
        assert response.ok, f"{screen.name}: {response.status}"
        if screen.heading:
            assert page.locator("h1").inner_text() == screen.heading

    return open_screen


def test_the_main_pages_fit_a_360_pixel_wide_screen(page, visit):  # noqa: ANN001
    folder = SCREENSHOTS / "360"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    too_wide = []
    for screen in MAIN_PAGES:
        visit(screen)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{screen.name} ({page.url}): {width} px")
        page.screenshot(path=str(folder / f"{screen.name}.png"), full_page=True)
    print(f"Screenshots at 360 px: {folder}")
    assert too_wide == [], "Pages wider than the screen:\n" + "\n".join(too_wide)


def optimise(path: Path) -> None:
    """Rewrite a screenshot as a 256-colour PNG: a fraction of the size, same look."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def test_the_tour_has_a_screenshot_of_each_main_page(page, visit):  # noqa: ANN001
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": TOUR_WIDTH, "height": 900})
    for screen in MAIN_PAGES:
        visit(screen)
        height = page.evaluate("document.scrollingElement.scrollHeight")
        path = SCREENSHOTS / f"{screen.name}.png"
        page.screenshot(
            path=str(path),
            full_page=True,
            clip={
                "x": 0,
                "y": 0,
                "width": TOUR_WIDTH,
                "height": min(height, TOUR_MAX_HEIGHT),
            },
        )
        optimise(path)
        with Image.open(path) as image:
            assert image.width == TOUR_WIDTH and image.mode == "P"
    print(f"Screenshots for the README: {SCREENSHOTS}")


PRINTED = ["minutes", "agenda-record", "year-plan"]


def test_agendas_minutes_and_the_year_plan_print_without_the_site_around_them(
    page, visit
):  # noqa: ANN001
    folder = SCREENSHOTS / "print"
    folder.mkdir(parents=True, exist_ok=True)
    screens = {screen.name: screen for screen in MAIN_PAGES}
    screens["agenda-record"] = Screen(
        "agenda-record",
        lambda d: reverse("meetings:record", args=[d["held"].pk, "dagordning", "html"]),
        "",
    )
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    for name in PRINTED:
        visit(screens[name])
        hidden = page.evaluate(
            """() => ['.site-header', '.site-nav', '.site-footer', '.skip-link', 'main form']
              .flatMap(s => [...document.querySelectorAll(s)])
              .every(el => getComputedStyle(el).display === 'none')"""
        )
        assert hidden, f"{name}: the site's header, menus or forms are printed"
        main = page.locator("main")
        assert main.evaluate("el => el.getBoundingClientRect().width") >= 700
        # A heading never ends a sheet, away from the text it heads.
        breaks = page.eval_on_selector_all(
            "main h2", "hs => hs.map(h => getComputedStyle(h).breakAfter)"
        )
        assert breaks and set(breaks) == {"avoid"}, f"{name}: {breaks}"
        assert main.inner_text().strip(), f"{name}: nothing to print"
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        assert len(page.pdf(format="A4")) > 1000
    print(f"Print previews: {folder}")
