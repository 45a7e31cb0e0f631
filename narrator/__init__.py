"""What is said about the math, as text: numbers written as a viewer reads them
(:mod:`narrator.fmt`). Manim-free; imports only :mod:`nnmath`, and is used by the
scenes and by ``nnexplain`` alike."""
