"""What is said about the math, as text: numbers written as a viewer reads them
(:mod:`narrator.fmt`) and what each stage of a network does to a cloud of points
(:mod:`narrator.stages`). Manim-free; imports only :mod:`nnmath`, and is used by the
scenes and by ``nnexplain`` alike."""
