import io
from html import escape
from pathlib import Path

import pytest

from samverkan.organisation.models import Body

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


@pytest.fixture
def seed_minutes() -> str:
    """The seed minutes of the CS meeting of 2023-12-08, when shared/ is there."""
    path = SEEDS / "004_45b22328472d4276.txt"
    if not path.exists():
        pytest.skip("the seed minutes are not in ../shared/seeds/")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def seed_composition() -> str:
    path = SEEDS / "000_788969ffb2fe49da.txt"
    if not path.exists():
        pytest.skip("the seed composition page is not in ../shared/seeds/")
    return path.read_text(encoding="utf-8")


def as_pdf(text: str) -> bytes:
    """Return `text` as a PDF: each block a paragraph, its lines kept."""
    from weasyprint import HTML

    blocks = [b for b in text.split("\n\n") if b.strip()]
    html = "".join(
        "<p>" + "<br>".join(escape(line) for line in block.splitlines()) + "</p>"
        for block in blocks
    )
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


def as_docx(text: str) -> bytes:
    """Return `text` as a Word file: each line a paragraph, no empty ones."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def cs(demo) -> Body:
    return Body.objects.get(structure=demo, slug="cs")
