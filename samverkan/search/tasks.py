from django_tasks import task


@task()
def index_document(document_id: int) -> int:
    """Index the current text of a document where it is attached; return entries."""
    from samverkan.documents.models import Document

    from . import indexing

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        indexing.unindex("documents.document", document_id)
        return 0
    indexing.index(document)
    return indexing.SearchEntry.objects.filter(
        key__startswith=f"document:{document_id}@"
    ).count()
