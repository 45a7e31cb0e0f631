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

__all__ = ["ACTIVATION_TEX", "MatrixLabel", "activation_tex", "fmt_fixed", "fmt_number",
           "fmt_percent", "fmt_shared", "linear_tex", "panel", "tex_matrix"]
