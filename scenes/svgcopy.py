"""A copy of a text or formula shares its glyphs' parsed SVG paths instead of
deep-copying them.

Every ``copy()`` of a Text or MathTex (each FadeIn, Transform and ``.copy()`` makes
some) deep-copies, glyph by glyph, the svgelements path each glyph was made from:
about 100,000 objects for one chapter 1 scene, a third to a half of the time it
takes to build (measured here: WeatherPerceptron built in 4.0 s of CPU before, 2.3 s
after). Manim reads that path once, when the glyph is made
(``VMobjectFromSVGPath.__init__`` and ``generate_points``), and never changes it, so
a copy may share it: points, colours and everything drawn are copied as before (the
frame tests hold the pictures).

A ``Text`` made again from the same words and settings (the same SVG file Pango wrote)
takes a copy of the glyphs parsed the first time, through Manim's own SVG cache, which
``MathTex`` and ``MarkupText`` use and ``Text`` leaves off by default (a scene's header,
labels and readouts are made again beat after beat, and its parsing was a tenth of the
time of building a scene). The key is the file, whose name hashes the words and every
setting, and the cached glyphs are taken before any colour or size is applied.

Importing this module changes nothing:
:func:`scenes.base.start_scene` installs it when a chapter scene is built, and the
tests' conftest does for mobjects made outside a scene.
"""

from __future__ import annotations

__all__ = ["share_parsed_svg_paths"]


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
