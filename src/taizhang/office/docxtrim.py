"""A python-docx document trimmed to what it shows, before it is saved: 36 KB down to about 10 KB.

python-docx starts every document from its default template, which carries Word 2010's whole style
gallery twice (styles.xml, 350 KB, and its stylesWithEffects.xml copy, 440 KB: 26 KB compressed), the
latent-style table, a thumbnail picture and a bibliography part. A document uses a handful of styles;
the rest are never applied, so leaving them out changes nothing Word shows. Kept: the styles the
document names, the defaults, and the styles they are based on or linked to; the theme, the fonts,
the settings and the numbering definitions stay as they are.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_DROPPED = (STYLES_WITH_EFFECTS, RT.CUSTOM_XML)
_NAMED = "//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val"
_LINKS = ("w:basedOn", "w:link", "w:next")


APPLIED = ("Normal", "TableGrid")  # the style ids our documents apply (wordout, bulletindocx)


def blank() -> Any:
    """A new python-docx document that trim() turns into the same file as it does docx.Document()'s,
    read from a copy of the default template without what trim() would drop from any of our documents
    (the parts above; every style but APPLIED, the defaults and what they link to). python-docx parses
    800 KB of style XML for each docx.Document(); a province's site writes hundreds of Word files.
    A document that applies another style fails loudly (python-docx: no style with that name)."""
    return docx.Document(io.BytesIO(_lean()))


@functools.cache
def _lean() -> bytes:
    document = docx.Document()
    _drop_parts(document)
    _drop_styles(document, APPLIED)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def trim(document: Any) -> None:
    """Drop the parts no reader needs and the styles the document never applies (in place)."""
    _drop_parts(document)
    _drop_styles(document)


def _drop_parts(document: Any) -> None:
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED:
            del part.rels[rel_id]
    package = part.package.rels
    for rel_id, rel in list(package.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package[rel_id]
    for latent in document.styles.element.findall(qn("w:latentStyles")):
        document.styles.element.remove(latent)


def _drop_styles(document: Any, applied: tuple[str, ...] = ()) -> None:
    styles = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    wanted = (
        set(document.element.xpath(_NAMED))
        | set(applied)
        | {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")}
    )
    keep: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        for name in _LINKS:
            linked = by_id[style_id].find(qn(name))
            if linked is not None:
                wanted.add(linked.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)
