"""Reusable mobjects that turn nnmath's arrays into pictures."""

from scenes.components.labels import MatrixLabel, fmt_number, linear_tex, panel, tex_matrix

__all__ = ["MatrixLabel", "fmt_number", "linear_tex", "panel", "tex_matrix"]
