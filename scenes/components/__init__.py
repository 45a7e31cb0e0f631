"""Reusable mobjects that turn nnmath's arrays into pictures."""

from scenes.components.labels import (
    ACTIVATION_TEX,
    MatrixLabel,
    activation_tex,
    fmt_fixed,
    fmt_number,
    fmt_percent,
    fmt_shared,
    linear_tex,
    panel,
    tex_matrix,
)
from scenes.components.text import body_text, formula, formula_parts, label_text, note_text

__all__ = ["ACTIVATION_TEX", "MatrixLabel", "activation_tex", "body_text", "fmt_fixed",
           "fmt_number", "fmt_percent", "fmt_shared", "formula", "formula_parts", "label_text",
           "linear_tex", "note_text", "panel", "tex_matrix"]
