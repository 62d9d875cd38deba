"""The whole API of the demo site, crawled and validated against OParl 1.1."""

import copy

from .conftest import API


def test_every_object_of_the_demo_site_is_valid_oparl_1_1(
    world, crawl, client, oparl_schemas
) -> None:
    crawler = crawl()
    objects = crawler.every_object()
    errors = [e for obj in objects.values() for e in oparl_schemas.errors(obj)]
    assert errors == []
    types = {obj["type"].rsplit("/", 1)[-1] for obj in objects.values()}
    assert types == {
        "System", "Body", "Organization", "Person", "Membership", "Meeting",
        "AgendaItem", "Paper", "Consultation", "File", "Location", "LegislativeTerm",
    }  # fmt: skip
    # Every object is found at its id, as the lists give it.
    for obj_id, obj in crawler.objects.items():
        assert client.get(obj_id).json() == obj, obj_id
    # Every reference and embedded object leads to an object of the API.
    for url in crawler.references | set(crawler.embedded):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(("/access/", "/download/")):
            # Reading it to the end closes the file (the test client's wrapper).
            assert b"".join(response.streaming_content).startswith(b"%PDF")
            continue
        target = response.json()
        for obj in target.get("data", [target]):
            assert obj.get("deleted") is not True, url
            assert oparl_schemas.errors(obj) == []


def test_the_validation_catches_what_breaks_the_standard(
    world, client, oparl_schemas
) -> None:
    meeting = client.get(f"{API}meeting/{world['meeting'].pk}/").json()
    assert oparl_schemas.errors(meeting) == []
    broken = copy.deepcopy(meeting)
    broken["agendaItem"][0]["order"] = "1"  # an embedded item, wrong type
    broken["start"] = "2023-12-08 09:00"  # not RFC 3339
    broken["location"]["type"] = "https://schema.oparl.org/1.1/Room"
    errors = oparl_schemas.errors(broken)
    assert len(errors) == 3
    assert any("['agendaItem', 0, 'order']" in e for e in errors)
    assert any("['start']" in e for e in errors)
    assert any("['location', 'type']" in e for e in errors)


def test_the_system_names_the_version_and_lists_the_bodies(demo_site, client) -> None:
    system = client.get(API).json()
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = client.get(system["body"]).json()["data"]
    assert [b["name"] for b in bodies] == [demo_site.name]
    assert bodies[0]["id"] == f"http://testserver{API}body/{demo_site.pk}/"


def test_every_page_points_clients_to_the_api(demo_site, client) -> None:
    from lxml import html

    page = html.fromstring(
        client.get(demo_site.get_absolute_url(), follow=True).content
    )
    (link,) = page.cssselect('link[rel="alternate"][title="OParl 1.1"]')
    assert link.get("href") == API
    assert page.cssselect(f'footer a[href="{API}"]')
    assert client.get(link.get("href")).json()["type"].endswith("/System")
