"""The import page: upload several files, progress, preview, confirm."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.importers.models import ImportFile
from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Person

from . import samples
from .conftest import as_docx


def upload_url(cs) -> str:  # noqa: ANN001
    return reverse("importers:upload", args=[cs.structure.slug, cs.slug])


def test_the_secretary_uploads_files_sees_progress_previews_and_imports(
    client, demo, cs, seed_minutes, django_assert_max_num_queries
) -> None:
    jill = User.objects.get(username="sekreterare")
    client.force_login(jill)
    text = seed_minutes.replace("Gunilla Wahlberg", "Greta Okänd")
    response = client.post(
        upload_url(cs),
        {
            "files": [
                SimpleUploadedFile("cs.txt", text.encode()),
                SimpleUploadedFile("ctb.docx", as_docx(samples.CTB_FOR_FILES)),
                SimpleUploadedFile("jul.txt", samples.UNREADABLE.encode()),
            ]
        },
    )
    assert response.status_code == 302
    files = list(ImportFile.objects.order_by("position"))
    assert [f.status for f in files] == ["ready", "ready", "failed"]
    batch_url = response["Location"]
    with django_assert_max_num_queries(40):
        page = client.get(batch_url)
    html = page.content.decode()
    assert 'value="100"' in html  # the progress bar, done
    assert "Rutiner för delregional samverkan" in html
    assert "Greta Okänd" in html and "Skapa ny person: Greta Okänd" in html
    assert "Mötets datum hittades inte i rubriken." in html
    assert not Meeting.objects.exists()
    response = client.post(files[0].confirm_url(), {"person-0": "new"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=cs)
    assert meeting.items.count() == 7
    assert Person.objects.filter(first_name="Greta", last_name="Okänd").exists()
    files[0].refresh_from_db()
    assert (files[0].status, files[0].meeting) == ("imported", meeting)
    # Confirming again creates nothing.
    client.post(files[0].confirm_url(), {"person-0": "new"})
    assert Meeting.objects.filter(body=cs).count() == 1


def test_an_unconfirmed_name_imports_nothing(client, demo, cs, seed_minutes) -> None:
    client.force_login(User.objects.get(username="sekreterare"))
    text = seed_minutes.replace("Gunilla Wahlberg", "Greta Okänd")
    client.post(
        upload_url(cs), {"files": [SimpleUploadedFile("cs.txt", text.encode())]}
    )
    upload = ImportFile.objects.get()
    response = client.post(upload.confirm_url(), {}, follow=True)
    assert (
        "Bekräfta först vilka personer som avses: Greta Okänd."
        in response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_the_progress_partial_polls_while_reading_and_reloads_when_done(
    client, demo, cs
) -> None:
    from samverkan.importers import services

    jill = User.objects.get(username="sekreterare")
    client.force_login(jill)
    batch = services.create_batch(
        body=cs, files=[("a.txt", samples.DS_NORDVAST.encode())], actor=jill
    )
    url = batch.progress_url()
    waiting = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    assert "Väntar på att läsas" in waiting.content.decode()
    from samverkan.importers.tasks import read_batch

    read_batch.call(batch.pk)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    # Without JavaScript the page itself shows the state and a link to refresh.
    page = client.get(batch.get_absolute_url())
    assert "Klar att granska" in page.content.decode()


def test_a_member_may_not_import(client, demo, cs) -> None:
    member = Person.objects.get(first_name="Lisa", last_name="Flinth")
    user = User.objects.create_user("lisa")
    member.user = user
    member.save()
    client.force_login(user)
    assert client.get(upload_url(cs)).status_code == 403


def test_a_file_uploaded_again_is_reported_as_imported_and_a_damaged_one_as_unreadable(
    client, demo, cs, seed_minutes
) -> None:
    client.force_login(User.objects.get(username="sekreterare"))
    client.post(
        upload_url(cs),
        {"files": [SimpleUploadedFile("cs.txt", seed_minutes.encode())]},
    )
    first = ImportFile.objects.get()
    client.post(first.confirm_url(), {})
    meeting = Meeting.objects.get(body=cs)
    response = client.post(
        upload_url(cs),
        {
            "files": [
                SimpleUploadedFile("cs-igen.txt", seed_minutes.encode()),
                SimpleUploadedFile("trasig.pdf", b"%PDF-1.7 trasig"),
            ]
        },
        follow=True,
    )
    again, damaged = ImportFile.objects.exclude(pk=first.pk).order_by("position")
    assert (again.status, damaged.status) == ("duplicate", "failed")
    html = response.content.decode()
    assert "Filen är redan importerad (cs.txt, " in html
    assert meeting.get_absolute_url() in html
    assert "Filen trasig.pdf kan inte läsas" in html
    response = client.post(again.confirm_url(), {}, follow=True)
    assert "Filen är redan hanterad." in response.content.decode()
    assert Meeting.objects.filter(body=cs).count() == 1
