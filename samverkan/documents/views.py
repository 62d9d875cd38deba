from django.http import FileResponse

from .models import DocumentVersion

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


def file_response(version: DocumentVersion) -> FileResponse:
    """Serve a version as a download; the caller has checked who may have it."""
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type=CONTENT_TYPES[version.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
