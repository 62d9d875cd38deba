from django import template
from django.utils.safestring import SafeString

from samverkan.lib.text import readable_url, render_markdown

register = template.Library()


@register.filter
def markdown(text: str, heading_offset: int = 0) -> SafeString:
    """Render formatted text (Markdown without raw HTML)."""
    return render_markdown(text, heading_offset=heading_offset)


@register.filter
def readable(url: str) -> str:
    return readable_url(url)


@register.inclusion_tag("lib/_bar_chart.html")
def bar_chart(
    rows: list[tuple[str, float]],
    title: str,
    chart_id: str,
    key_label: str = "",
    value_label: str = "",
) -> dict[str, object]:
    """A horizontal bar chart in SVG with its numbers as a table beneath."""
    label_width, bar_space, row_height = 220, 420, 24
    # Bars show magnitudes; the value label keeps the sign of a negative figure.
    largest = max((abs(value) for _label, value in rows), default=0) or 1
    bars = [
        {
            "label": str(label),
            "value": value,
            "y": index * row_height,
            "width": round(bar_space * abs(value) / largest, 1),
            "value_x": label_width + round(bar_space * abs(value) / largest, 1) + 6,
        }
        for index, (label, value) in enumerate(rows)
    ]
    return {
        "rows": rows,
        "bars": bars,
        "title": title,
        "chart_id": chart_id,
        "key_label": key_label,
        "value_label": value_label,
        "label_width": label_width,
        "width": label_width + bar_space + 60,
        "height": max(len(rows) * row_height, row_height),
    }


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
