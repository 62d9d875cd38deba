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
