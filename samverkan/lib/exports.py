"""Tables as downloads: CSV (semicolons, UTF-8 with BOM, as Excel reads it) and XLSX."""

import csv
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(
    header: list[str], rows: list[list[object]], title: str = "Data"
) -> bytes:
    """Return an XLSX workbook with one sheet of `rows` under `header`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    kind: str, filename: str, header: list[object], rows: list[list[object]]
) -> HttpResponse:
    """Return `rows` under `header` as a CSV or XLSX download named `filename`.<kind>."""
    header = [str(cell) for cell in header]
    if kind == "xlsx":
        response = HttpResponse(xlsx_bytes(header, rows), content_type=XLSX)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel reads UTF-8 with a byte-order mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response
