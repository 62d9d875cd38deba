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
    largest = max((value for _label, value in rows), default=0) or 1
    bars = [
        {
            "label": str(label),
            "value": value,
            "y": index * row_height,
            "width": round(bar_space * value / largest, 1),
            "value_x": label_width + round(bar_space * value / largest, 1) + 6,
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
