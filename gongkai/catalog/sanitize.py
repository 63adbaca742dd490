"""Rich-text sanitizing with an allow-list (nh3 / ammonia). Pure."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "div",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "a",
    "img",
    "figure",
    "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_END = re.compile(r"</(p|div|h[2-6]|li|tr|table|blockquote|pre|dd|dt)>|<br\s*/?>", re.I)
TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"[ \t\u3000\xa0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_html(value: str) -> str:
    """Keep only allowed tags, attributes and URL schemes; scripts, styles, event handlers
    and javascript: URLs are removed."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def html_to_text(value: str) -> str:
    """Plain text of sanitized HTML, one line per block, for search and summaries."""
    text = BLOCK_END.sub("\n", value or "")
    text = html.unescape(TAG.sub("", text))
    lines = (SPACES.sub(" ", line).strip() for line in text.splitlines())
    return BLANK_LINES.sub("\n\n", "\n".join(line for line in lines)).strip()


def text_to_html(text: str) -> str:
    """Plain text (e.g. an imported body) as paragraphs."""
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
