import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client

from samverkan.deviations.models import Deviation
from samverkan.documents.files import extract_text
from samverkan.documents.models import DocumentVersion
from samverkan.lib.identity import find_identity_numbers
from samverkan.matters.models import Matter, RegistryCounter
from samverkan.matters.services import next_registry_number
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.operations.backup import data_models
from samverkan.operations.generate import (
    SCALES,
    Generator,
    Scale,
    expected_steps,
    generate,
    refresh_statistics,
)
from samverkan.organisation.models import Body, Membership, Party, Structure
from samverkan.search import indexing
from samverkan.search.models import SearchEntry
from samverkan.search.services import search

pytestmark = pytest.mark.django_db


def _snapshot(media_root: Path) -> tuple[str, dict[str, str]]:
    """Every generated row (with its primary key) and every file, as text."""
    rows = []
    for model in data_models():
        if model._meta.app_label in {"contenttypes", "auth", "sessions"}:
            continue
        queryset = model._default_manager.order_by("pk")
        rows.append(serializers.serialize("json", queryset))
    files = {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    return "\n".join(rows), files


def _generate_and_snapshot(seed: int, media_root: Path) -> tuple[str, dict]:
    with transaction.atomic():
        generate(scale="small", seed=seed, media_root=media_root)
        snapshot = _snapshot(media_root)
        transaction.set_rollback(True)
    return snapshot


def test_the_same_seed_gives_the_same_rows_and_files(tmp_path):
    first = _generate_and_snapshot(7, tmp_path / "a")
    second = _generate_and_snapshot(7, tmp_path / "b")
    other = _generate_and_snapshot(8, tmp_path / "c")
    assert first == second
    assert first[0] != other[0]
    assert first[1] != other[1]


def test_the_small_scale_holds_what_its_parameters_say(settings):
    counts = generate(scale="small", seed=1, media_root=Path(settings.MEDIA_ROOT))
    scale = SCALES["small"]
    bodies = Body.objects.count()
    political = Body.objects.filter(kind=Body.Kind.POLITICAL).count()
    assert Structure.objects.count() == 1
    assert Party.objects.filter(kind=Party.Kind.MUNICIPALITY).count() == 6
    assert Meeting.objects.count() == bodies * scale.years * scale.meetings_per_year
    assert AgendaItem.objects.count() == Meeting.objects.count() * 4
    assert Deviation.objects.count() == scale.deviations
    assert DocumentVersion.objects.count() == scale.documents
    assert Matter.objects.count() == political * scale.years * 3
    assert counts["deviations.Deviation"] == scale.deviations
    assert counts["meetings.Meeting"] == Meeting.objects.count()


def test_every_document_is_a_file_whose_text_and_checksum_are_stored(settings):
    generate(scale="small", seed=2, media_root=Path(settings.MEDIA_ROOT))
    for version in DocumentVersion.objects.all():
        content = (Path(settings.MEDIA_ROOT) / version.file.name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == version.sha256
        assert version.size == len(content)
        assert version.text_extracted
        # The stored text is what extraction finds in the file.
        assert version.text.splitlines()[0] in extract_text("pdf", content)


def test_no_generated_deviation_carries_a_personal_identity_number(settings):
    generate(scale="small", seed=3, media_root=Path(settings.MEDIA_ROOT))
    for deviation in Deviation.objects.all():
        for text in (
            deviation.description,
            deviation.improvement,
            deviation.reporting_unit,
            deviation.concerned_unit,
            deviation.answer,
        ):
            assert find_identity_numbers(text) == []
        assert deviation.reporting_party.side != deviation.concerned_party.side


def test_registering_after_generation_continues_the_registry(settings):
    generate(scale="small", seed=4, media_root=Path(settings.MEDIA_ROOT))
    counter = RegistryCounter.objects.order_by("-year").first()
    taken = Matter.objects.filter(body=counter.body, year=counter.year)
    assert counter.last == taken.count() == max(m.number for m in taken)
    with transaction.atomic():
        number = next_registry_number(body=counter.body, year=counter.year)
    assert number == counter.last + 1


def test_the_generated_memberships_keep_the_composition_rules(settings):
    generate(scale="small", seed=5, media_root=Path(settings.MEDIA_ROOT))
    for membership in Membership.objects.select_related("body"):
        membership.full_clean()


def test_generated_pages_render_for_the_public(settings):
    generate(scale="small", seed=6, media_root=Path(settings.MEDIA_ROOT))
    body = Body.objects.get(short_name="CS")
    response = Client().get(body.get_absolute_url())
    assert response.status_code == 200
    member = body.memberships.filter(role="member", end=None).first()
    assert member.person.name in response.content.decode()


def test_generated_records_are_found_by_search(settings):
    generate(scale="small", seed=6, media_root=Path(settings.MEDIA_ROOT))
    version = DocumentVersion.objects.order_by("pk").first()
    matter = Matter.objects.order_by("pk").first()
    page = search(AnonymousUser(), version.document.title, types=["document"])
    assert page.total >= 1
    assert version.document.title in [hit.title for hit in page.hits]
    # A deviation is found only by those who may see it, never by the public.
    assert search(AnonymousUser(), "AVV", types=["deviation"]).total == 0
    assert SearchEntry.objects.filter(key=f"matter:{matter.pk}").exists()
    assert (
        SearchEntry.objects.filter(kind="deviation").count()
        == Deviation.objects.count()
    )


def test_the_index_is_rebuilt_in_queries_that_do_not_grow_with_the_records(
    settings, django_assert_max_num_queries
):
    generate(scale="small", seed=6, media_root=Path(settings.MEDIA_ROOT))
    assert Deviation.objects.count() == 60
    # Per model a query per 500 records and per prefetch, four per 500 documents.
    with django_assert_max_num_queries(40):
        count = indexing.rebuild()
    assert count == SearchEntry.objects.count()


def test_it_refuses_to_generate_into_a_database_with_data(settings, structure):
    with pytest.raises(CommandError, match="tom databas"):
        call_command("generate", "--no-progress", stdout=StringIO())
    assert Meeting.objects.count() == 0


def test_the_progress_bar_ends_exactly_at_its_total(settings):
    scale = Scale(1, 3, 1, 1, 2, 2, 1, deviations=250, documents=230)
    steps = []
    Generator(
        scale=scale,
        seed=1,
        media_root=Path(settings.MEDIA_ROOT),
        progress=lambda phase, step: steps.append(step),
    ).run()
    assert sum(steps) == expected_steps(scale)


@pytest.mark.django_db(transaction=True)
def test_after_the_load_the_planner_knows_the_rows_and_the_pages_are_all_visible(
    structure,
):
    refresh_statistics()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples, relallvisible FROM pg_class WHERE relname = %s",
                [Structure._meta.db_table],
            )
            rows, all_visible = cursor.fetchone()
            assert (rows, all_visible) == (1, 1)
        else:
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = %s",
                [Structure._meta.db_table],
            )
            assert cursor.fetchone()[0].startswith("1")
