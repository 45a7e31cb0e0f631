"""Words and formulas in the theme's font, sizes and colours: one way for every scene.

Four factories, one per role, each taking the scene's theme first (a variant's theme
is not the module's :data:`~scenes.theme.THEME`, so none defaults to it):

- :func:`body_text`: a sentence on screen, ``theme.body_size`` in ``theme.text``;
- :func:`label_text`: a name beside a thing, ``theme.label_size``;
- :func:`note_text`: a small note or caption, ``theme.small_size``;
- :func:`formula`: a :class:`~manim.MathTex`, ``theme.body_size`` in ``theme.text``;
  :func:`formula_parts`: many small formulas (the numbers of a table or a grid)
  typeset in one LaTeX run, each its own mobject to place where it belongs.

``size=`` and ``color=`` override the role's size and colour; any other keyword goes
to Manim as it is. Laying a string out (Pango, or LaTeX and dvisvgm, then the SVG
parse) costs far more than copying the result, so each distinct (words, font, size,
colour) is laid out once per process and copied after that; a call with other
keywords builds afresh.

Example::

    from scenes.components.text import body_text, formula, note_text
    from scenes.theme import THEME as th

    title = body_text(th, "The update rule")
    rule = formula(th, r"u(x, y, z) = x - y z", size=th.body_size + 8)
    hint = note_text(th, "z: the learning rate", color=th.muted).next_to(rule, DOWN)
    self.add(title, rule, hint)
"""

from __future__ import annotations

from functools import lru_cache

from manim import MathTex, Text

from scenes.theme import Theme

__all__ = ["body_text", "formula", "formula_parts", "label_text", "note_text"]


@lru_cache(maxsize=2048)
def _laid_out(words: str, font: str, size: float, color: str) -> Text:
    return Text(words, font=font, font_size=size, color=color)


@lru_cache(maxsize=2048)
def _typeset(parts: tuple[str, ...], size: float, color: str) -> MathTex:
    return MathTex(*parts, font_size=size, color=color)


def _text(theme: Theme, words: str, size: float, color: str, kwargs: dict) -> Text:
    if kwargs:
        return Text(words, font=theme.font, font_size=size, color=color, **kwargs)
    return _laid_out(words, theme.font, size, color).copy()


def body_text(theme: Theme, words: str, *, size: float | None = None,
              color: str | None = None, **kwargs) -> Text:
    """``words`` in the theme's font, at its body size and text colour (or ``size``,
    ``color``): a sentence, a heading, a value read out."""
    return _text(theme, words, theme.body_size if size is None else size,
                 theme.text if color is None else color, kwargs)


def label_text(theme: Theme, words: str, *, size: float | None = None,
               color: str | None = None, **kwargs) -> Text:
    """``words`` at the theme's label size: a name beside a thing (a layer, an axis)."""
    return _text(theme, words, theme.label_size if size is None else size,
                 theme.text if color is None else color, kwargs)


def note_text(theme: Theme, words: str, *, size: float | None = None,
              color: str | None = None, **kwargs) -> Text:
    """``words`` at the theme's small size: a caption, a note under a picture (24 at
    480p is the smallest that stays readable)."""
    return _text(theme, words, theme.small_size if size is None else size,
                 theme.text if color is None else color, kwargs)


def formula(theme: Theme, *parts: str, size: float | None = None, color: str | None = None,
            **kwargs) -> MathTex:
    """A formula (Manim's MathTex, one submobject per part) at the theme's body size in
    its text colour (or ``size``, ``color``): ``formula(th, "x^2", "=", "4")[2]`` is
    the 4."""
    size = theme.body_size if size is None else size
    color = theme.text if color is None else color
    if kwargs:
        return MathTex(*parts, font_size=size, color=color, **kwargs)
    return _typeset(parts, size, color).copy()


def formula_parts(theme: Theme, texts: list[str] | tuple[str, ...], *, size: float | None = None,
                  color: str | None = None) -> list:
    """Each of ``texts`` as a formula of its own, as :func:`formula` would typeset it
    (each in braces, so a leading minus stays a sign), all compiled in one LaTeX run:
    a column of ten numbers costs one run instead of ten. Returns the parts, unplaced,
    in order (each a :class:`~manim.VGroup` of its glyphs).

    Example::

        from scenes.components.text import formula_parts
        from scenes.theme import THEME as th

        cells = formula_parts(th, ["0.5", "-1.25", "3"])
        for k, cell in enumerate(cells):
            self.add(cell.move_to([0, 1 - k, 0]))
    """
    texts = list(texts)
    if not texts or any(not text for text in texts):
        raise ValueError(f"formula_parts needs non-empty formulas, got {texts!r}")
    typeset = formula(theme, *(f"{{{text}}}" for text in texts), size=size, color=color,
                      arg_separator=r"\quad ")
    return list(typeset.submobjects)

