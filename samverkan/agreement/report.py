"""The follow-up report to CS: one set of data, rendered as PDF and as Word."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import followup
from .models import Agreement, Goal


@dataclass
class ReportGoal:
    goal: Goal
    indicators: list[followup.IndicatorView]


@dataclass
class Report:
    agreement: Agreement
    goals: list[ReportGoal]
    economy_years: list[followup.EconomyYear]
    economy_parties: list[tuple[str, int, int]]
    made: dt.date

    @property
    def title(self) -> str:
        return _("Uppföljning av %(name)s") % {"name": self.agreement.name}


def build(agreement: Agreement) -> Report:
    views = followup.agreement_views(agreement)
    years, parties = followup.economy(agreement)
    return Report(
        agreement=agreement,
        goals=[
            ReportGoal(goal, views.get(goal.pk, [])) for goal in agreement.goals.all()
        ],
        economy_years=years,
        economy_parties=parties,
        made=timezone.localdate(),
    )


def as_pdf(report: Report, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "agreement/report.html", {"report": report}, request=request
    )
    return HTML(string=html).write_pdf()


def _chart_png(view: followup.IndicatorView) -> bytes | None:
    """Draw the indicator's trend with its target as a PNG for Word."""
    points = view.trend()
    if not points:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(6, 2.6), dpi=110)
    labels = [label for label, _value in points]
    axes.plot(
        labels,
        [value for _label, value in points],
        marker="o",
        color="#0b4f7c",
        linewidth=2,
    )
    if view.indicator.target is not None:
        axes.axhline(
            float(view.indicator.target),
            color="#8a2c0d",
            linestyle="--",
            label=_("Mål"),
        )
        axes.legend(loc="best", fontsize=8)
    axes.set_ylabel(view.indicator.unit)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + " kr"


def as_docx(report: Report) -> bytes:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(
        _("Underlag till CS, framtaget %(date)s.") % {"date": report.made.isoformat()}
    )
    for section in report.goals:
        document.add_heading(section.goal.title, level=1)
        if section.goal.description:
            document.add_paragraph(section.goal.description)
        for view in section.indicators:
            indicator = view.indicator
            document.add_heading(indicator.name, level=2)
            document.add_paragraph(view.sentence())
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            header = table.rows[0].cells
            header[0].text, header[1].text, header[2].text = (
                _("Period"),
                _("Medelvärde (%(unit)s)") % {"unit": indicator.unit},
                _("Når målet"),
            )
            for period in view.periods:
                cells = table.add_row().cells
                cells[0].text = period.period
                cells[1].text = str(period.mean)
                cells[2].text = (
                    f"{view.meeting(period)} / {len(period.values)}"
                    if indicator.target is not None
                    else "–"
                )
            png = _chart_png(view)
            if png:
                document.add_picture(io.BytesIO(png), width=Cm(15))
    document.add_heading(_("Ekonomiska konsekvenser"), level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (_("År"), _("Regionen, netto"), _("Kommunerna, netto"), _("Balans")),
        strict=True,
    ):
        cell.text = text
    for year in report.economy_years:
        cells = table.add_row().cells
        cells[0].text = str(year.year)
        cells[1].text = _money(year.region)
        cells[2].text = _money(year.municipalities)
        cells[3].text = _money(year.balance)
    document.add_heading(_("Per part och år"), level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("Part"), _("År"), _("Netto")), strict=True
    ):
        cell.text = text
    for name, year, net in report.economy_parties:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, str(year), _money(net)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
