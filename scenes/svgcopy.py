"""Copies of mobjects made faster: plain data copied directly, a text's or formula's
parsed SVG paths shared instead of deep-copied.

Every animation copies mobjects (each FadeIn, Transform and ``.copy()`` makes some),
and Manim copies one attribute at a time through Python's ``copy.deepcopy``: for a
chapter scene, over a million calls, half the time of building it. Two changes, each
leaving the copy equal to Manim's (the frame tests hold the pictures):

- :func:`copy_plain_data_directly`: an attribute that is a number, a string, a colour
  (Manim's ``ManimColor`` is never changed in place: Manim shares one between colours
  made from it), an enum or ``None`` is kept, a numeric array is copied with numpy,
  a list is rebuilt item by item; anything else goes through ``copy.deepcopy`` as
  before. What is shared inside the copied family stays shared in the copy (the same
  ``memo`` as Manim's). Measured here, every scene of the course dry-run twice in one
  process, in turn with Manim's copies: 53.5 and 56.0 s of CPU instead of 59.5 and
  64.8 s (the rest of a build is parsing, LaTeX and drawing).
- every ``copy()`` of a Text or MathTex deep-copied, glyph by glyph, the svgelements
  path each glyph was made from: about 100,000 objects for one chapter 1 scene, a
  third to a half of the time it took to build (WeatherPerceptron: 4.0 s of CPU
  before, 2.3 s after). Manim reads that path once, when the glyph is made
  (``VMobjectFromSVGPath.__init__`` and ``generate_points``), and never changes it,
  so a copy shares it.

A ``Text`` made again from the same words and settings (the same SVG file Pango wrote)
takes a copy of the glyphs parsed the first time, through Manim's own SVG cache, which
``MathTex`` and ``MarkupText`` use and ``Text`` leaves off by default (a scene's header,
labels and readouts are made again beat after beat, and its parsing was a tenth of the
time of building a scene). The key is the file, whose name hashes the words and every
setting, and the cached glyphs are taken before any colour or size is applied.

Importing this module changes nothing: :func:`scenes.base.start_scene` calls
:func:`faster_copies` when a chapter scene is built, and the tests' conftest does for
mobjects made outside a scene.
"""

from __future__ import annotations

__all__ = ["copy_plain_data_directly", "faster_copies", "share_parsed_svg_paths"]


def faster_copies() -> None:
    """Everything this module makes faster (once per process; again: no change)."""
    copy_plain_data_directly()
    share_parsed_svg_paths()


def copy_plain_data_directly() -> None:
    """``Mobject.__deepcopy__`` copying plain data itself (numbers, strings, colours,
    enums and ``None`` kept; numeric arrays copied by numpy; lists item by item) and
    the rest through ``copy.deepcopy``, with Manim's ``memo``."""
    import copy
    import enum

    import numpy as np
    from manim import ManimColor
    from manim.mobject.mobject import Mobject

    if getattr(Mobject.__deepcopy__, "copies_plain_data", False):
        return
    kept = frozenset({bool, int, float, complex, str, bytes, type(None), ManimColor,
                      np.float64, np.int64, np.bool_})
    deepcopy, ndarray, Enum = copy.deepcopy, np.ndarray, enum.Enum

    def copied(value, memo):
        kind = type(value)
        if kind in kept or isinstance(value, Enum):
            return value
        made = memo.get(id(value))
        if made is not None:
            return made
        if kind is ndarray and not value.dtype.hasobject:
            made = memo[id(value)] = value.copy(order="K")  # what ndarray.__deepcopy__ does
            return made
        if kind is list:
            made = memo[id(value)] = []
            made.extend(copied(item, memo) for item in value)
            return made
        if isinstance(value, Mobject):
            return value.__deepcopy__(memo)
        return deepcopy(value, memo)

    def __deepcopy__(self, memo):
        cls = self.__class__
        result = cls.__new__(cls)
        memo[id(self)] = result
        attributes = result.__dict__
        for key, value in self.__dict__.items():
            attributes[key] = copied(value, memo)
        result.original_id = str(id(self))
        return result

    __deepcopy__.copies_plain_data = True  # type: ignore[attr-defined]
    __deepcopy__.manims = Mobject.__deepcopy__  # type: ignore[attr-defined]
    Mobject.__deepcopy__ = __deepcopy__


def share_parsed_svg_paths() -> None:
    """Make copies of SVG-made mobjects share their parsed path, and a ``Text`` reuse
    the glyphs parsed from the same file (once per process)."""
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    if "__deepcopy__" in vars(VMobjectFromSVGPath):  # done already
        return

    def deepcopy_sharing_the_path(self, memo):
        path = self.__dict__.get("path_obj")
        if path is not None:
            memo[id(path)] = path  # deepcopy takes what memo holds as the copy
        return super(VMobjectFromSVGPath, self).__deepcopy__(memo)

    VMobjectFromSVGPath.__deepcopy__ = deepcopy_sharing_the_path
    _cache_parsed_text()


def _cache_parsed_text() -> None:
    """``Text`` uses Manim's SVG cache unless told ``use_svg_cache=False``."""
    import functools

    from manim import Text

    made = Text.__init__

    @functools.wraps(made)
    def init(self, *args, use_svg_cache: bool = True, **kwargs):
        made(self, *args, use_svg_cache=use_svg_cache, **kwargs)

    Text.__init__ = init
