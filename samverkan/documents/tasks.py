from django_tasks import task

from .models import DocumentVersion


@task()
def extract_version_text(version_id: int) -> int:
    """Extract the text of one version for search; return its length."""
    from .services import extract_into

    version = DocumentVersion.objects.get(pk=version_id)
    return len(extract_into(version))
