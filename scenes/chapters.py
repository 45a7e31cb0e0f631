"""The course's table of contents: chapter numbers, make aliases, modules, titles.

``python -m scenes.chapters`` prints every chapter with its scenes (``make list``).
Scenes are found by reading each module's source (no Manim import), so listing
is instant.
"""

from __future__ import annotations

import ast
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Chapter", "CHAPTERS", "chapter", "chapter_of_module", "scene_names",
           "scene_names_in"]

SCENES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Chapter:
    number: int
    alias: str
    module: str
    title: str
    still: str = ""  # "Scene.beat": the frame that stands for the chapter (README)

    @property
    def path(self) -> Path:
        return SCENES_DIR / f"{self.module}.py"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(1, "perceptron", "ch01_perceptron", "The perceptron",
            "Perceptron2D.top_view"),
    Chapter(2, "activations", "ch02_activations", "Activation functions",
            "ReluAndTanh.tanh_read_off"),
    Chapter(3, "linear-maps", "ch03_linear_maps", "Weight matrices are linear maps",
            "WeightMatrixAsTransform.transform"),
    Chapter(4, "point-clouds", "ch04_point_clouds", "A point cloud through a network",
            "PointCloud2D.relu_1"),
    Chapter(5, "point-clouds-3d", "ch05_point_clouds_3d", "The same in 3D",
            "PointCloud3D.relu_1"),
    Chapter(6, "digits", "ch06_digits", "Digits: what a network is",
            "DigitNetwork.forward"),
    Chapter(7, "gradient-descent", "ch07_gradient_descent", "Gradient descent",
            "LossSurface.descent"),
    Chapter(8, "backprop", "ch08_backprop", "Backpropagation on a four-pixel camera",
            "BackpropSteps.relu"),
    Chapter(9, "training", "ch09_training", "Training you can watch",
            "DecisionBoundaryTraining.learned"),
    Chapter(10, "convolutions", "ch10_convolutions", "Convolutions",
            "KernelSlide.feature_map"),
)


def chapter(key: int | str) -> Chapter:
    """A chapter by number (3, "3", "ch3") or alias ("linear-maps")."""
    text = str(key).strip().lower().removeprefix("ch")
    for ch in CHAPTERS:
        if text in (str(ch.number), ch.alias, ch.module):
            return ch
    known = ", ".join(f"{c.number}/{c.alias}" for c in CHAPTERS)
    raise ValueError(f"unknown chapter {key!r}; expected one of: {known}")


def chapter_of_module(module: str) -> int | None:
    """The number of the chapter whose module is ``module`` (``scenes.ch04_point_clouds``
    or ``ch04_point_clouds``), ``None`` for any other module."""
    name = module.rpartition(".")[2]
    return next((ch.number for ch in CHAPTERS if ch.module == name), None)


_SCENE_BASES = {"ChapterScene", "ChapterScene3D", "ExplainSpec"}  # ExplainSpec: the generator's


def scene_names(ch: Chapter) -> list[str]:
    """Names of the scene classes in the chapter's module, in source order: classes
    built on a chapter scene base, directly or through a class of the same module
    (private ``_Names`` are helpers, not scenes)."""
    return scene_names_in(ch.path) if ch.path.is_file() else []


def scene_names_in(path: Path) -> list[str]:
    """:func:`scene_names` for any Python file (parsed once while it stays the same)."""
    path = Path(path)
    stat = path.stat()
    return list(_scene_names_of(path.resolve(), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _scene_names_of(path: Path, mtime_ns: int, size: int) -> tuple[str, ...]:
    """The scene names in ``path`` as it was at ``mtime_ns`` and ``size``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    scenes = set(_SCENE_BASES)
    names = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            bases = {getattr(b, "id", None) or getattr(b, "attr", "") for b in node.bases}
            if bases & scenes:
                scenes.add(node.name)
                if not node.name.startswith("_"):
                    names.append(node.name)
    return tuple(names)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--table":  # used by the Makefile
        print(" ".join(f"{c.number}:{c.alias}:{c.module}" for c in CHAPTERS))
        return 0
    if argv and argv[0] == "--scenes":  # used by the Makefile: scene names of one chapter
        print(" ".join(scene_names(chapter(argv[1]))))
        return 0
    for ch in CHAPTERS:
        scenes = scene_names(ch)
        status = ", ".join(scenes) if scenes else "(not written yet)"
        print(f"ch{ch.number}  {ch.alias:<17} {ch.title}")
        print(f"     {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
