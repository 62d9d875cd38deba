"""Every page of the project against axe-core's WCAG 2.1 A and AA rules.

The pages are not listed here. The sweep takes them from the authorization
MATRIX (samverkan/accounts/tests/test_policies.py), which must name every
view of the project with its URL built over the `world` fixture: each page
a row says somebody may GET is opened once for the public (when it may see
it) and once for the strongest role that may. The walk then follows the
links of the demo site (`samverkan load-demo`), whose pages carry real
minutes, attendance and follow-up, as the public, the secretary and the
administrator. A view added later is covered as soon as it has its MATRIX
row or a link to it.
"""

import json
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from samverkan.accounts.tests.test_policies import MATRIX, Row, build_world

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The roles tried for the signed-in view of a page, strongest first: the
# secretary and the administrator see every tool a page has.
SIGNED_IN_ORDER = [
    "secretary",
    "administrator",
    "chair",
    "official",
    "party_contact",
    "member",
    "analyst",
    "outsider",
]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    """Run axe-core on the page as it stands; return its violations."""
    # Contrast is only checked on the styled page: the stylesheet must be in.
    header = "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    assert page.evaluate(header) == "rgb(11, 79, 124)", page.url
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, WCAG_21_AA)


def describe(url: str, violations: list[dict]) -> list[str]:
    return [
        f"{url}: {v['rule']} ({v['impact']}) {v['help']} at {', '.join(v['targets'][:5])}"
        for v in violations
    ]


def sweep_plan(matrix: list[Row]) -> dict[str, list[Row]]:
    """Return the GET rows to visit, by the persona who visits them."""
    plan: dict[str, list[Row]] = {}
    for row in matrix:
        if row.method != "get" or row.name.split(":")[0] == "admin":
            continue
        if row.expected.get("anonymous") == "ok":
            plan.setdefault("anonymous", []).append(row)
        persona = next((p for p in SIGNED_IN_ORDER if row.expected[p] == "ok"), None)
        if persona is not None:
            plan.setdefault(persona, []).append(row)
    return plan


def test_the_sweep_plans_a_visit_to_every_page_somebody_may_open():
    plan = sweep_plan(MATRIX)
    planned = {row.name for rows in plan.values() for row in rows}
    openable = {
        row.name
        for row in MATRIX
        if row.method == "get" and "ok" in row.expected.values()
    }
    assert planned == openable
    assert "meetings:agenda" in {row.name for row in plan["secretary"]}
    assert "audit:log" in {row.name for row in plan["administrator"]}
    assert "organisation:body" in {row.name for row in plan["anonymous"]}


@pytest.fixture
def axe_page(browser, live_server):  # noqa: ANN001
    """A page that lets the test inject axe-core past the site's CSP."""
    context = browser.new_context(
        locale="sv-SE", base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def world(transactional_db, sample_files) -> dict:  # noqa: ANN001
    """The MATRIX's records, committed so that the live server sees them."""
    return build_world(sample_files)


def test_every_page_passes_the_wcag_21_aa_rules_of_axe_core(world, axe_page, sign_in):
    page = axe_page
    failures: list[str] = []
    visited: list[str] = []
    for persona, rows in sweep_plan(MATRIX).items():
        page.context.clear_cookies()
        if persona != "anonymous":
            sign_in(page, world["users"][persona], verified=True)
        for row in rows:
            url = row.url(world)
            # The API request shares the page's cookies; it tells a page from
            # a download (PDF, iCalendar, spreadsheet, feed) without opening it.
            probe = page.request.get(url)
            kind = probe.headers.get("content-type", "")
            assert probe.ok, f"{persona} on {url}: {probe.status}"
            if not kind.startswith("text/html"):
                continue
            if "<html" not in probe.text()[:500].lower():
                # A fragment htmx swaps into its page (an import's progress
                # bar); it is checked inside that page.
                continue
            page.goto(url)
            assert resolve(urlsplit(url).path).url_name  # the page is one of ours
            visited.append(f"{persona} {url}")
            failures += describe(f"{url} ({persona})", axe_violations(page))
    print(f"axe-core {AXE_VERSION} swept {len(visited)} pages:")
    print("\n".join(visited))
    assert failures == [], "\n" + "\n".join(failures)
    assert len(visited) >= 40, json.dumps(visited)


# One page of each view is enough: the same template with other data.
PAGES_PER_VIEW = 1


def page_kind(path: str) -> str | None:
    """Return the view an address shows, or None if it is not ours."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace in ("admin", "api-v1"):
        # Django's admin and django-ninja's Swagger UI: not our templates.
        return None
    return match.view_name


def walk(  # noqa: ANN001
    page, start: str, seen_kinds: dict[str, int], failures: list[str], label: str
) -> list[str]:
    """Follow the site's links from `start`; run axe-core on each new page.

    `seen_kinds` counts the pages visited per view, across walks.
    """
    queued = {start}
    queue = deque([start])
    visited = []
    while queue:
        url = queue.popleft()
        kind = page_kind(urlsplit(url).path)
        if kind is None or seen_kinds.get(kind, 0) >= PAGES_PER_VIEW:
            continue
        probe = page.request.get(url)
        if not probe.ok or not probe.headers.get("content-type", "").startswith(
            "text/html"
        ):
            # A download (PDF, iCalendar, spreadsheet, feed): never a page.
            seen_kinds[kind] = PAGES_PER_VIEW
            continue
        if "<html" not in probe.text()[:500].lower():
            continue  # a fragment htmx swaps into its page
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        page.goto(url)
        visited.append(f"{label} {url}")
        failures += describe(f"{url} ({label})", axe_violations(page))
        origin = page.evaluate("location.origin")
        links = page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.href.split('#')[0])"
        )
        for link in links:
            if not link.startswith(origin):
                continue
            local = link[len(origin) :]
            if local not in queued and page_kind(urlsplit(local).path) is not None:
                queued.add(local)
                queue.append(local)
    return visited


def test_every_page_of_the_demo_passes_the_wcag_21_aa_rules_of_axe_core(
    axe_page, sign_in, demo_site
):
    from samverkan.accounts.models import User

    page = axe_page
    failures: list[str] = []
    visited: list[str] = []
    start = demo_site.get_absolute_url()
    seen_kinds: dict[str, int] = {}
    # The secretary sees every tool of a meeting, the chair what is left (the
    # review of the minutes). The public's and the administrator's views of
    # each page are in the MATRIX sweep above.
    for username in ("sekreterare", "ordforande"):
        page.context.clear_cookies()
        sign_in(page, User.objects.get(username=username), verified=True)
        visited += walk(page, start, seen_kinds, failures, username)
    print(f"axe-core {AXE_VERSION} walked {len(visited)} pages of the demo:")
    print("\n".join(visited))
    assert failures == [], "\n" + "\n".join(failures)
    reached = {"meetings:record", "meetings:minutes", "meetings:agenda"}
    reached |= {"meetings:attendance", "planning:year", "agreement:dashboard"}
    assert reached <= set(seen_kinds), json.dumps(visited)


def test_pages_after_an_htmx_swap_a_refusal_or_a_conflict_pass_too(
    axe_page, sign_in, demo_site
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samverkan.accounts.models import User
    from samverkan.meetings.models import Meeting
    from samverkan.organisation.demo import DEMO_PASSWORD

    page = axe_page
    failures: list[str] = []

    def check(label: str) -> None:
        nonlocal failures
        failures += describe(f"{page.url} ({label})", axe_violations(page))

    # The public: the composition on another day, swapped in by htmx.
    page.goto(reverse("organisation:body", args=[demo_site.slug, "cs"]))
    page.get_by_label("Visa sammansättningen den").fill("2010-01-01")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.locator("caption", has_text="2010-01-01").wait_for()
    check("the composition swapped by htmx")

    # Signing in: a wrong password, then the code page and a wrong code.
    admin = User.objects.get(username="admin")
    TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    page.goto(reverse("accounts:sign-in"))
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("alert").first.wait_for()
    check("a refused password")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_label("Engångskod").fill("000000")
    check("the code page")
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_text("Koden stämmer inte.").wait_for()
    check("a refused code")

    # The secretary: a refused agenda item, saved notes, a conflict.
    page.context.clear_cookies()
    sign_in(page, User.objects.get(username="sekreterare"), verified=True)
    meeting = Meeting.objects.filter(body__slug="cs", body__structure=demo_site)
    meeting = meeting.order_by("starts_at").last()
    page.goto(reverse("meetings:agenda", args=[meeting.pk]))
    page.get_by_role("button", name="Lägg till punkten").click()
    page.locator(".errorlist").first.wait_for()
    check("an agenda item without a title")

    item = meeting.items.order_by("position").first()
    page.goto(reverse("meetings:minutes", args=[meeting.pk]))
    notes = page.locator(f"#notes-{item.pk}")
    status = page.locator(f"#notes-status-{item.pk}")
    notes.fill("Ordföranden hälsar välkommen.")
    save = page.locator(f"#punkt-{item.pk}").get_by_role(
        "button", name="Spara anteckningarna"
    )
    save.click()
    status.get_by_text("Sparat").wait_for()
    check("notes saved by htmx")
    # Somebody else saves the item meanwhile: this page's version is stale.
    page.evaluate(f"document.getElementById('version-{item.pk}').value = '0'")
    notes.fill("En annan text.")
    save.click()
    status.locator(".version-saved").wait_for()
    check("a conflict shown by htmx")
    # Without JavaScript the conflict is a page of its own.
    page.goto(reverse("meetings:minutes", args=[meeting.pk]))
    page.evaluate(f"document.getElementById('version-{item.pk}').value = '0'")
    page.evaluate(
        f"document.getElementById('notes-{item.pk}').closest('form').submit()"
    )
    page.get_by_label("Sammanslagen text").wait_for()
    check("the conflict page")

    assert failures == [], "\n" + "\n".join(failures)
