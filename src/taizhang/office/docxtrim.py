"""A python-docx document trimmed to what it shows, before it is saved: 36 KB down to about 10 KB.

python-docx starts every document from its default template, which carries Word 2010's whole style
gallery twice (styles.xml, 350 KB, and its stylesWithEffects.xml copy, 440 KB: 26 KB compressed), the
latent-style table, a thumbnail picture and a bibliography part. A document uses a handful of styles;
the rest are never applied, so leaving them out changes nothing Word shows. Kept: the styles the
document names, the defaults, and the styles they are based on or linked to; the theme, the fonts,
the settings and the numbering definitions stay as they are.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_DROPPED = (STYLES_WITH_EFFECTS, RT.CUSTOM_XML)
_NAMED = "//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val"
_LINKS = ("w:basedOn", "w:link", "w:next")


def trim(document: Any) -> None:
    """Drop the parts no reader needs and the styles the document never applies (in place)."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED:
            del part.rels[rel_id]
    package = part.package.rels
    for rel_id, rel in list(package.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package[rel_id]
    styles = document.styles.element
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    wanted = set(document.element.xpath(_NAMED)) | {
        i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")
    }
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
