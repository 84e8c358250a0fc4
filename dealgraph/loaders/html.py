"""HTML and inline-XBRL documents to plain text (tables as tab-separated rows)."""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from dealgraph.loaders.text import normalize

_BLOCK = {"p", "div", "br", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table",
          "section", "article", "blockquote", "center", "hr", "dt", "dd", "dl", "title", "body",
          "header", "footer", "form", "address", "pre"}
_CELL = {"td", "th"}
_DROP = {"script", "style", "head", "noscript", "template", "object", "embed", "svg", "iframe"}
_HTML_SIGNS = re.compile(r"<(?:html|body|div|p|table|tr|td|font|br|span|b|i|center|pre|!doctype)\b",
                         re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when markup makes up the document, not a stray '<' in prose."""
    return len(_HTML_SIGNS.findall(text[:200_000])) >= 3


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or _local(el.tag) == "header" and "ix" in str(el.tag)


def html_to_text(markup: str) -> str:
    """Render HTML as normalized plain text: blocks are lines, cells are tab-separated."""
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    parser = lxml.html.HTMLParser(recover=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return normalize(re.sub(r"<[^>]{0,2000}>", " ", markup))
    out: list[str] = []

    def walk(el) -> None:
        tag = _local(el.tag)
        if tag in _DROP or _hidden(el):
            if el.tail:
                out.append(el.tail)
            return
        if tag == "pre":
            out.append("\n\n" + normalize(el.text_content()) + "\n\n")
            if el.tail:
                out.append(el.tail)
            return
        if tag in _BLOCK:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if tag in _CELL:
            out.append("\t")
        elif tag in _BLOCK:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    walk(root)
    lines = []
    for line in "".join(out).split("\n"):
        cells = [" ".join(c.split()) for c in line.split("\t")]
        cells = [c for c in cells if c]
        lines.append("\t".join(cells))
    return normalize("\n\n".join(line for line in lines if line), unwrap=False)
