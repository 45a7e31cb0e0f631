"""Tests of narrator: what is said about the math, as text (no manim needed)."""
