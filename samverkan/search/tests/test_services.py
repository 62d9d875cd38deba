"""The search service on the test corpus.

The expectations below are the same whichever database runs them: CI runs
this file on SQLite (FTS5 and the Snowball stemmer in Python) and on
PostgreSQL (the `swedish` configuration), so both give these results.
"""

import pytest
from django.core.management import call_command

from samverkan.search import indexing
from samverkan.search.models import SearchEntry
from samverkan.search.services import InvalidQuery, search, suggest


def titles(page) -> list[str]:  # noqa: ANN001
    return sorted(hit.title for hit in page.hits)


# query -> what anonymous visitors find (public records only).
PUBLIC = {
    "kommunikationsplan": [
        "CS 2024/1 Kommunikationsplan för e-hälsa",
        "Uppföljning av hälso- och sjukvårdsavtalet (CS 2023-12-08)",
    ],
    # Stemming: the definite form finds the plain one, and the other way round.
    "kommunikationsplanen": [
        "CS 2024/1 Kommunikationsplan för e-hälsa",
        "Uppföljning av hälso- och sjukvårdsavtalet (CS 2023-12-08)",
    ],
    "indikatorerna": [
        "Uppföljning av hälso- och sjukvårdsavtalet",
        "Uppföljning av hälso- och sjukvårdsavtalet (CS 2023-12-08)",
    ],
    # å, ä and ö are letters of their own: "asa" is not "åsa".
    "Åsa": ["Åsa Öberg"],
    "ÅSA ÖBERG": ["Åsa Öberg"],
    "asa": [],
    "oberg": [],
    # The text of an attached document (DOCX) is found.
    "delregional samverkan": ["Rutin för samverkan"],
    "avtalsuppföljningen": ["Återkoppling till CS i april 2024 om avtalsuppföljningen"],
    "kostnaderna": ["Uppföljning av hälso- och sjukvårdsavtalet (CS 2023-12-08)"],
    "mina planer": ["CS 2024/1 Kommunikationsplan för e-hälsa"],
    # A compound is one word: "sjukvård" does not find "sjukvårdsavtalet".
    "sjukvård": ["Centralt Samverkansorgan (CS)"],
    # Internal, a draft and a deviation: none for the public.
    "läkemedelsgenomgång": [],
    # The agenda of a meeting with draft minutes is public, the draft is not.
    "vårdmöten": ["Digitala vårdmöten"],
    "utvärderas": [],
    "idéer": [],
    "utskrivning": [],
    # Only stop words: nothing to search for.
    "och att": [],
}


@pytest.mark.parametrize(("query", "expected"), PUBLIC.items())
def test_it_finds_for_the_public_what_is_public(corpus, anonymous, query, expected):  # noqa: ANN001
    assert titles(search(anonymous, query)) == sorted(expected)


def test_it_finds_internal_material_for_those_who_take_part(corpus, member):  # noqa: ANN001
    assert titles(search(member, "läkemedelsgenomgången")) == [
        "CS 2024/2 Läkemedelsgenomgångar i hemsjukvården"
    ]
    # Accents are folded: "idéer" and "ideer", "café" and "cafe".
    assert titles(search(member, "ideer")) == ["Kompetensförsörjning i primärvården"]
    assert titles(search(member, "cafe")) == ["Kompetensförsörjning i primärvården"]
    assert titles(search(member, "utvärderas")) == [
        "Digitala vårdmöten (CS 2024-02-10)"
    ]


def test_it_finds_a_deviation_only_for_the_parties_involved(
    corpus,
    party_contact,
    member,
    anonymous,  # noqa: ANN001
):
    assert titles(search(party_contact, "utskrivning")) == [
        f"AVV-{corpus.deviation.pk}: Informationsöverföring och vårdplanering"
    ]
    assert titles(search(member, "utskrivning")) == []
    assert titles(search(anonymous, "utskrivning")) == []


def test_it_ranks_a_title_hit_first(corpus, anonymous):  # noqa: ANN001
    page = search(anonymous, "kommunikationsplan")
    assert page.hits[0].title == "CS 2024/1 Kommunikationsplan för e-hälsa"


def test_it_marks_the_words_found_in_the_snippet(corpus, anonymous):  # noqa: ANN001
    hit = search(anonymous, "kommunikationsplan").hits[0]
    assert "<mark>Kommunikationsplanen</mark> beskriver" in hit.snippet_html
    assert hit.title_html.startswith("CS 2024/1 <mark>Kommunikationsplan</mark>")


def test_it_escapes_the_text_around_the_marks(corpus, create_matter, anonymous):  # noqa: ANN001
    create_matter(title="Skript", description="<script>x()</script> samordning")
    hit = search(anonymous, "samordning").hits[0]
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<script>" not in hit.snippet_html


def test_it_filters_by_type_body_year_and_party(
    corpus,
    anonymous,
    persona_body,
    municipality,
    region,  # noqa: ANN001
):
    assert titles(search(anonymous, "kommunikationsplan", types=["minutes"])) == [
        "Uppföljning av hälso- och sjukvårdsavtalet (CS 2023-12-08)"
    ]
    assert titles(search(anonymous, "kommunikationsplan", year=2024)) == [
        "CS 2024/1 Kommunikationsplan för e-hälsa"
    ]
    assert len(search(anonymous, "kommunikationsplan", body=persona_body.pk).hits) == 2
    assert (
        search(anonymous, "kommunikationsplan", body=persona_body.pk + 1000).total == 0
    )
    assert titles(
        search(anonymous, "kommunikationsplan", party=municipality.pk, year=2024)
    ) == ["CS 2024/1 Kommunikationsplan för e-hälsa"]
    assert search(anonymous, "kommunikationsplan", party=region.pk).total == 0


def test_it_pages_with_the_right_total(create_matter, anonymous):  # noqa: ANN001
    for n in range(7):
        create_matter(title=f"Samverkansavtal nummer {n}")
    first = search(anonymous, "samverkansavtal", page_size=3)
    third = search(anonymous, "samverkansavtal", page=3, page_size=3)
    beyond = search(anonymous, "samverkansavtal", page=4, page_size=3)
    assert (first.total, first.pages, len(first.hits)) == (7, 3, 3)
    assert (third.total, len(third.hits), third.has_next) == (7, 1, False)
    assert (beyond.total, beyond.hits) == (7, [])
    seen = [
        hit.title
        for page in (1, 2, 3)
        for hit in search(anonymous, "samverkansavtal", page=page, page_size=3).hits
    ]
    assert sorted(seen) == sorted(
        f"CS 2024/{n} Samverkansavtal nummer {n - 1}" for n in range(1, 8)
    )


def test_it_refuses_what_it_cannot_run(anonymous, db):  # noqa: ANN001
    with pytest.raises(InvalidQuery):
        search(anonymous, "x" * 201)
    with pytest.raises(InvalidQuery):
        search(anonymous, "avtal", page=0)
    with pytest.raises(InvalidQuery):
        search(anonymous, "avtal", types=["secret"])


def test_it_suggests_as_you_type(corpus, anonymous, member):  # noqa: ANN001
    assert sorted(s.title for s in suggest(anonymous, "kommunikationsp")) == [
        "CS 2024/1 Kommunikationsplan för e-hälsa",
        "Uppföljning av hälso- och sjukvårdsavtalet (CS 2023-12-08)",
    ]
    assert [s.title for s in suggest(anonymous, "åsa öb")] == ["Åsa Öberg"]
    assert suggest(anonymous, "läkemedel") == []
    assert [s.title for s in suggest(member, "läkemedel")] == [
        "CS 2024/2 Läkemedelsgenomgångar i hemsjukvården"
    ]
    assert suggest(anonymous, "") == []


def test_it_follows_changes_and_deletions(corpus, anonymous):  # noqa: ANN001
    corpus.plan.title = "Informationsplan för e-hälsa"
    corpus.plan.save()
    assert search(anonymous, "informationsplan").total == 1
    corpus.item.delete()
    assert search(anonymous, "indikatorer").total == 0
    corpus.plan.documents.remove(corpus.document)
    assert search(anonymous, "delregional").total == 0


def test_it_follows_visibility_without_reindexing(corpus, anonymous):  # noqa: ANN001
    corpus.plan.visibility = "internal"
    type(corpus.plan).objects.filter(pk=corpus.plan.pk).update(visibility="internal")
    assert search(anonymous, "mina planer").total == 0
    assert search(anonymous, "delregional").total == 0


def test_reindex_rebuilds_the_same_index(corpus, anonymous):  # noqa: ANN001
    before = sorted(SearchEntry.objects.values_list("key", "title", "text"))
    SearchEntry.objects.all().delete()
    indexing.backend().clear()
    assert search(anonymous, "kommunikationsplan").total == 0
    call_command("reindex")
    assert sorted(SearchEntry.objects.values_list("key", "title", "text")) == before
    assert search(anonymous, "kommunikationsplan").total == 2
