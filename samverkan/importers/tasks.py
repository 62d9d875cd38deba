"""Read uploaded files in the background, one at a time, so the page shows progress."""

from django_tasks import task

from .models import ImportBatch, ImportFile


@task()
def read_batch(batch_id: int) -> int:
    """Read every waiting file of the batch; return how many were read."""
    from . import services

    batch = ImportBatch.objects.select_related("body").get(pk=batch_id)
    read = 0
    for upload in batch.files.filter(status=ImportFile.Status.QUEUED):
        ImportFile.objects.filter(pk=upload.pk).update(status=ImportFile.Status.READING)
        services.read_upload(upload=upload, body=batch.body)
        read += 1
    return read
