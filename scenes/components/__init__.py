"""Reusable mobjects that turn nnmath's arrays into pictures."""

from scenes.components.labels import MatrixLabel, fmt_number, panel, tex_matrix

__all__ = ["MatrixLabel", "fmt_number", "panel", "tex_matrix"]
