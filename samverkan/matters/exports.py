from io import BytesIO

from openpyxl import Workbook


def matters_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    """Return an XLSX workbook with one sheet of `rows` under `header`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ärenden"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
