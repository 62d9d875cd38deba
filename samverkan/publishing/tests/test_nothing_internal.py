"""Nothing internal is ever published.

The demo site is loaded and internal records are added beside it, each with a
secret word in every text field and attached file. Then an anonymous visitor
crawls everything reachable from the start page — pages, PDF and Word
exports, spreadsheets, feeds, calendars — and tries the internal records'
own addresses directly. No response may contain a secret word.
"""

import datetime as dt
import io
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import docx
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from lxml import html as lxml_html

from samverkan.accounts.models import User, Visibility
from samverkan.deviations import services as deviations
from samverkan.matters import services as matters
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.organisation.models import Body, Party
from samverkan.publishing.services import save_news

SECRETS = [f"HEMLIGT{n:02d}X" for n in range(1, 14)]
SKIP_PREFIXES = ("/admin/", "/i18n/", "/static/", "/konto/", "/granskning/")
MAX_PAGES = 700
MAX_VARIANTS_PER_PATH = 3

pytestmark = pytest.mark.django_db


def docx_with(text: str) -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def text_of(response) -> str:  # noqa: ANN001
    """The readable text of a response, whatever its format."""
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(
            page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages
        )
    if "wordprocessingml" in kind:
        document = docx.Document(io.BytesIO(content))
        cells = [
            cell.text
            for table in document.tables
            for row in table.rows
            for cell in row.cells
        ]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8", errors="replace")


def links_of(response, base: str) -> list[str]:  # noqa: ANN001
    if "text/html" not in response.get("Content-Type", ""):
        return []
    tree = lxml_html.fromstring(response.content)
    found = []
    for element, _attribute, link, _pos in tree.iterlinks():
        if element.tag not in ("a", "link"):
            continue
        url = urldefrag(urljoin(base, link))[0]
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(SKIP_PREFIXES):
            found.append(path)
    return found


@pytest.fixture
def site(demo, today):  # noqa: ANN001
    """The demo, plus internal records carrying the secret words."""
    for path in settings.DEMO_LOADERS:
        import_string(path)(demo, today)
    cs = Body.objects.get(structure=demo, slug="cs")
    region = Party.objects.get(structure=demo, kind=Party.Kind.REGION)
    municipality = Party.objects.filter(structure=demo).exclude(pk=region.pk).first()
    jill = User.objects.get(username="sekreterare")

    internal = {}
    for visibility, (title, text) in zip(
        [Visibility.INTERNAL, Visibility.BODY, Visibility.RESTRICTED],
        [SECRETS[0:2], SECRETS[2:4], SECRETS[4:6]],
        strict=True,
    ):
        internal[visibility] = matters.register_matter(
            body=cs,
            title=f"Ärende {title}",
            description=f"Beskrivning {text}",
            raised_by=municipality,
            category="agreement",
            actor=jill,
            visibility=visibility,
            attachments=[("bilaga.docx", docx_with(f"Bilaga {SECRETS[6]}"))],
        )

    # Public records beside them, so that the crawl has their pages and files
    # to walk through.
    public = matters.register_matter(
        body=cs,
        title="Offentligt ärende om läkemedel",
        description="Beskrivning",
        raised_by=municipality,
        category="agreement",
        actor=jill,
        visibility=Visibility.PUBLIC,
    )
    upcoming = Meeting.objects.filter(body=cs, status=Meeting.Status.PLANNED).first()
    meetings.attach_to_item(
        item=meetings.add_item(meeting=upcoming, title="Offentlig punkt", actor=jill),
        filename="offentligt-underlag.docx",
        content=docx_with("Offentligt underlag"),
        actor=jill,
    )

    meeting = meetings.create_meeting(
        body=cs,
        starts_at=timezone.now() - dt.timedelta(days=20),
        actor=jill,
        place=f"Rum {SECRETS[7]}",
        visibility=Visibility.INTERNAL,
    )
    item = meetings.add_item(meeting=meeting, title=f"Punkt {SECRETS[8]}", actor=jill)
    meetings.attach_to_item(
        item=item,
        filename="underlag.docx",
        content=docx_with(f"Underlag {SECRETS[9]}"),
        actor=jill,
    )
    AgendaItem.objects.filter(pk=item.pk).update(notes=f"Anteckning {SECRETS[10]}")
    # Published, so every public list of minutes would show it were it public.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)

    deviation = deviations.report_deviation(
        structure=demo,
        reporting_party=region,
        reporting_unit=f"Enhet {SECRETS[11]}",
        concerned_party=municipality,
        event_date=today,
        category="information",
        description=f"Händelse {SECRETS[11]}",
        consequence="minor",
        actor=jill,
    )
    # A draft news item is the secretary's until published.
    draft = save_news(
        body=cs,
        title=f"Utkast {SECRETS[12]}",
        text=f"Text {SECRETS[12]}",
        publish=False,
        actor=jill,
    )
    save_news(body=cs, title="Publicerad nyhet", text="Text", publish=True, actor=jill)
    return {
        "structure": demo,
        "body": cs,
        "matters": list(internal.values()),
        "public_matter": public,
        "meeting": meeting,
        "deviation": deviation,
        "draft": draft,
    }


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Visit everything reachable; return address -> readable text."""
    seen: dict[str, str] = {}
    variants: dict[str, int] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        bare = path.split("?")[0]
        if "?" in path:
            if variants.get(bare, 0) >= MAX_VARIANTS_PER_PATH:
                continue
            variants[bare] = variants.get(bare, 0) + 1
        response = client.get(path)
        if response.status_code in (301, 302):
            seen[path] = ""
            location = urlsplit(response["Location"])
            if location.netloc in ("", "testserver"):
                queue.append(
                    location.path + (f"?{location.query}" if location.query else "")
                )
            continue
        if response.status_code != 200:
            seen[path] = ""
            continue
        seen[path] = text_of(response)
        queue.extend(links_of(response, "http://testserver" + path))
    return seen


def test_no_internal_word_reaches_any_public_page_or_file(site) -> None:
    client = Client()
    body = site["body"]
    structure = site["structure"]
    starts = [
        "/",
        structure.get_absolute_url(),
        body.get_absolute_url(),
        reverse("publishing:calendar", args=[structure.slug, body.slug]),
        reverse("publishing:minutes-feed", args=[structure.slug, body.slug]),
    ]
    pages = crawl(client, starts)

    # The crawl really went everywhere the public may go.
    visited = " ".join(pages)
    for expected in (
        "/moten/",
        ".pdf",
        ".docx",
        "kalender.ics",
        "anteckningar.atom",
        "/avvikelser/",
        "/dokument/",
        "/nyheter/",
    ):
        assert expected in visited, f"the crawl never reached {expected}"
    assert len([p for p, text in pages.items() if text]) >= 20
    public_text = "\n".join(pages.values())
    assert "gemensam intern kommunikationsplan" in public_text  # the seed minutes
    # The public registry lists public matters (their pages need a sign-in).
    assert site["public_matter"].title in public_text
    assert "Offentligt underlag" in public_text  # a public meeting's document

    leaks = {
        secret: [path for path, text in pages.items() if secret in text]
        for secret in SECRETS
    }
    assert {s: p for s, p in leaks.items() if p} == {}


def test_the_internal_records_own_addresses_show_the_public_nothing(site) -> None:
    client = Client()
    meeting = site["meeting"]
    addresses = [
        meeting.get_absolute_url(),
        reverse("meetings:record", args=[meeting.pk, "anteckningar", "pdf"]),
        reverse("meetings:record", args=[meeting.pk, "anteckningar", "docx"]),
        reverse("meetings:record", args=[meeting.pk, "dagordning", "pdf"]),
        site["deviation"].get_absolute_url(),
        site["draft"].get_absolute_url(),
    ]
    for version in meeting.items.get().documents.get().versions.all():
        addresses.append(reverse("meetings:download", args=[meeting.pk, version.pk]))
    for matter in site["matters"]:
        addresses.append(matter.get_absolute_url())
        for document in matter.documents.all():
            for version in document.versions.all():
                addresses.append(
                    reverse("matters:download", args=[matter.pk, version.pk])
                )
    assert len(addresses) >= 12
    for address in addresses:
        response = client.get(address)
        assert response.status_code in (302, 404), address
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:sign-in"))
        assert not any(secret in text_of(response) for secret in SECRETS), address
