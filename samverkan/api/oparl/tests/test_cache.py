"""OParl's answers come from the page cache, each in the address it was asked at."""

from django.test import Client
from django.urls import reverse

from samverkan.organisation.models import Body


def test_oparl_answers_are_kept_until_what_they_show_changes(
    page_cache, demo_site, django_assert_num_queries
):
    url = reverse("oparl:list", args=[demo_site.pk, "meeting"])
    first = Client().get(url)
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.json() == first.json()
    assert second["Access-Control-Allow-Origin"] == "*"
    assert second["Content-Type"] == first["Content-Type"]
    Body.objects.filter(structure=demo_site).update(name="Omdöpt organ")
    renamed = Client().get(url).json()["data"]
    assert renamed, "the demo has public meetings"
    assert all(m["name"].startswith("Omdöpt organ ") for m in renamed)
    assert not any(m["name"].startswith("Omdöpt") for m in first.json()["data"])


def test_each_host_gets_the_links_in_its_own_address(page_cache, demo_site, settings):
    settings.ALLOWED_HOSTS = ["localhost", "samverkan.example"]
    url = reverse("oparl:body", args=[demo_site.pk])
    inside = Client().get(url, HTTP_HOST="localhost").json()
    outside = Client().get(url, HTTP_HOST="samverkan.example").json()
    assert inside["id"].startswith("http://localhost/")
    assert outside["id"].startswith("http://samverkan.example/")
