from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from samverkan.lib.text import readable_url, render_markdown

register = template.Library()


@register.filter
def markdown(text: str, heading_offset: int = 0) -> SafeString:
    """Render formatted text (Markdown without raw HTML)."""
    return render_markdown(text, heading_offset=heading_offset)


@register.filter
def readable(url: str) -> str:
    return readable_url(url)


@register.simple_tag
def bar_chart(
    rows: list[tuple[str, float]],
    title: str,
    chart_id: str,
    key_label: str = "",
    value_label: str = "",
) -> SafeString:
    """A horizontal bar chart in SVG with its numbers as a table beneath.

    Built here rather than in a template: a chart of the months of ten years
    has hundreds of bars, and the template engine took 15 ms for a page of six
    such charts.
    """
    label_width, bar_space, row_height = 220, 420, 24
    # Bars show magnitudes; the value label keeps the sign of a negative figure.
    largest = max((abs(value) for _label, value in rows), default=0) or 1
    chart_id, title = conditional_escape(chart_id), conditional_escape(title)
    parts = [
        f'<figure class="chart" aria-labelledby="{chart_id}-caption">\n'
        f'  <figcaption id="{chart_id}-caption">{title}</figcaption>\n'
    ]
    if rows:
        description = _(
            "Stapeldiagram med %(count)s staplar; siffrorna finns i tabellen nedan."
        ) % {"count": len(rows)}
        parts.append(
            f'  <svg role="img" aria-labelledby="{chart_id}-caption {chart_id}-desc" '
            f'viewBox="0 0 {label_width + bar_space + 60} {len(rows) * row_height}" '
            'width="100%" preserveAspectRatio="xMinYMin meet" class="bar-chart">\n'
            f'    <desc id="{chart_id}-desc">{conditional_escape(description)}</desc>\n'
        )
        for index, (label, value) in enumerate(rows):
            y = index * row_height
            width = round(bar_space * abs(value) / largest, 1)
            short = conditional_escape(Truncator(str(label)).chars(28))
            # The number beside the bar is drawn, not read: never localised.
            parts.append(
                f'    <g><text x="0" y="{y + 14}" class="bar-label">{short}</text>'
                f'<rect x="{label_width}" y="{y}" width="{width}" height="18" '
                f'class="bar"></rect><text x="{label_width + width + 6}" '
                f'y="{y + 14}" class="bar-value">{conditional_escape(str(value))}</text></g>\n'
            )
        parts.append("  </svg>\n")
    body = "".join(
        f'<tr><th scope="row">{conditional_escape(label)}</th>'
        f"<td>{conditional_escape(localize(value))}</td></tr>"
        for label, value in rows
    ) or (f'<tr><td colspan="2">{conditional_escape(_("Inga uppgifter."))}</td></tr>')
    parts.append(
        '  <div class="table-wrap">\n'
        f'    <table class="chart-data" id="{chart_id}">\n'
        f'      <thead><tr><th scope="col">{conditional_escape(key_label)}</th>'
        f'<th scope="col">{conditional_escape(value_label)}</th></tr></thead>\n'
        f"      <tbody>{body}</tbody>\n"
        "    </table>\n"
        "  </div>\n"
        "</figure>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@register.inclusion_tag("lib/_line_chart.html")
def line_chart(
    points: list[tuple[str, float]],
    title: str,
    chart_id: str,
    target: float | None = None,
    value_label: str = "",
) -> dict[str, object]:
    """A line chart in SVG (with an optional dashed target line) and its table."""
    left, right, top, bottom = 60, 580, 12, 190
    values = [value for _label, value in points]
    if target is not None:
        values.append(float(target))
    low, high = (min(values), max(values)) if values else (0, 1)
    if high == low:
        high, low = high + 1, low - 1
    span = high - low

    def y(value: float) -> float:
        return round(bottom - (float(value) - low) / span * (bottom - top), 1)

    step = (right - left) / max(len(points) - 1, 1)
    plotted = [
        {"x": round(left + index * step, 1), "y": y(value), "label": label}
        for index, (label, value) in enumerate(points)
    ]
    return {
        "points": points,
        "plotted": plotted,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in plotted),
        "title": title,
        "chart_id": chart_id,
        "target": target,
        "target_y": y(target) if target is not None else None,
        "value_label": value_label,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "width": right + 20,
        "height": bottom + 24,
        "max_label": round(high, 1),
        "min_label": round(low, 1),
    }
