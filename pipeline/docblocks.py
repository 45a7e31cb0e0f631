"""A block of a document that a tool writes: the text between two marker lines (the
README's scene lengths, parameters and spec fields), replaced whole each time.

    >>> replace_block("a\\n<!-- x -->\\nold\\n<!-- /x -->\\nb", "<!-- x -->", "<!-- /x -->",
    ...               "<!-- x -->\\nnew\\n<!-- /x -->", "README.md")
    'a\\n<!-- x -->\\nnew\\n<!-- /x -->\\nb'
"""

from __future__ import annotations

__all__ = ["replace_block"]


def replace_block(text: str, start: str, end: str, block: str, where: str) -> str:
    """``text`` with everything from the marker ``start`` to the marker ``end`` (both
    included) replaced by ``block`` (which carries the markers again); ValueError (one
    line naming ``where``) when the markers are missing or out of order."""
    first, last = text.find(start), text.find(end)
    if first < 0 or last < first:
        raise ValueError(f"{where} has no {start!r} ... {end!r} block")
    return text[:first] + block + text[last + len(end):]
