"""The explainer's pictures of trained classifiers (issue 23): every stage framed to its
cloud, points in their class's colour with a legend, a softmax's shares on their
triangle or line, and the words' numbers against nnmath's. Each spec's scene is built
once per session (a dry run, tests/scenes/helpers.py ``build``, which also requires a
clean layout check at every beat and stage end): iris 4-5-3 and digits 64-16-10 with a
softmax, two moons through a softmax of two, and iris in 4:3."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import VGroup

from nnexplain import check
from nnexplain.framing import fit
from nnexplain.story import story
from scenes.components.point_cloud import CloudFrame
from scenes.explainer import ExplainSpec
from scenes.theme import THEME
from tests.scenes.helpers import build

SPECS = Path(__file__).resolve().parents[2] / "tests" / "specs"
IRIS, DIGITS, MOONS = (SPECS / f"{n}.toml" for n in ("iris-453-softmax", "digits-softmax",
                                                     "moons-softmax2"))


class _Recorded(ExplainSpec):
    """The explainer keeping, after each stage, the cloud's data and the axes' box."""

    spec: Path

    def spec_path(self) -> Path:
        return self.spec

    def play_shot(self, shot) -> None:
        super().play_shot(shot)
        if not hasattr(self, "ends"):
            self.ends = []
        self.ends.append((shot, self.cloud.data.copy(), self.box,
                          np.allclose(self.cloud.frame.basis,
                                      CloudFrame.from_axes(self.axes).basis)))


class Iris(_Recorded):
    spec = IRIS


class Digits(_Recorded):
    spec = DIGITS


class Moons(_Recorded):
    spec = MOONS


class Iris43(_Recorded):
    spec = IRIS
    aspect = "4:3"


@pytest.fixture(params=[Iris, Digits, Moons, Iris43], ids=["iris", "digits", "moons", "iris-4:3"])
def scene(request, monkeypatch, tmp_path):
    return build(request.param, None, monkeypatch, tmp_path)  # layout clean, or it fails


def test_every_stage_is_framed_to_its_cloud(scene):
    assert len(scene.ends) == len(scene.script.shots)
    for shot, data, box, on_axes in scene.ends:
        d = box.dims
        assert on_axes, shot.name  # the cloud drawn in the axes shown
        assert np.all(data[:, :d] >= box.lo[:d] - 1e-9), shot.name
        assert np.all(data[:, :d] <= box.hi[:d] + 1e-9), shot.name
        fill = np.ptp(data[:, :d], axis=0) / box.span[:d]
        assert np.max(fill) >= 0.5, (shot.name, fill)  # fills half the picture or more
        if shot.kind == "bias" or (shot.kind == "activation" and "softmax" not in shot.name):
            assert box.has_origin, shot.name  # the words speak of the origin: in view


def test_the_legend_names_the_classes_in_their_colours(scene):
    names = scene.script.classes
    entries = [row for line in scene.legend_box for row in line if isinstance(row, VGroup)]
    palette = THEME.class_palette
    assert len(entries) == min(len(names), len(palette))
    for c, (dot, text) in enumerate(entries):
        assert text.text.replace(" ", "").endswith(
            ",".join(names[c::len(palette)]).replace(" ", ""))
        assert dot.get_color().to_hex().upper() == palette[c].upper()
    colours = scene.cloud.point_rgb
    classes = scene.script.class_of
    for c in range(len(names)):
        np.testing.assert_allclose(colours[classes == c],
                                   np.broadcast_to(scene.cloud.point_rgb[classes == c][0],
                                                   colours[classes == c].shape))


def test_iris_softmax_lands_on_the_triangle(monkeypatch, tmp_path):
    scene = build(Iris, None, monkeypatch, tmp_path)
    assert scene.script.classes == ("setosa", "versicolor", "virginica")
    shot = scene.script.shots[-1]
    assert shot.name == "softmax 2"
    np.testing.assert_allclose(shot.points.sum(axis=1), 1.0)  # the shares, before drawing
    np.testing.assert_allclose(scene.cloud.data, shot.points)  # drawn as they are
    corners = np.array([scene.axes.c2p(*e) for e in np.eye(3)])
    drawn = np.array(scene.simplex_shape.get_vertices())
    np.testing.assert_allclose(drawn, corners, atol=1e-6)
    # the points lie in the triangle's plane, inside it
    assert np.all(scene.cloud.data >= -1e-9)


def test_two_shares_land_on_the_segment(monkeypatch, tmp_path):
    scene = build(Moons, None, monkeypatch, tmp_path)
    data = scene.cloud.data
    np.testing.assert_allclose(data[:, 0] + data[:, 1], 1.0)
    start, end = scene.simplex_shape.get_start_and_end()
    np.testing.assert_allclose([start, end], [scene.axes.c2p(1, 0, 0), scene.axes.c2p(0, 1, 0)],
                               atol=1e-6)


@pytest.mark.parametrize("path", [IRIS, DIGITS, MOONS], ids=["iris", "digits", "moons"])
def test_softmax_words_are_nnmaths_numbers(path):
    ex = check(path)
    script = story(ex)
    out = ex.network.trace(ex.X).output
    wins = np.bincount(np.argmax(out, axis=1), minlength=ex.network.n_out)
    accuracy = float(np.mean(np.argmax(out, axis=1) == ex.labels))
    said = script.shots[-1].sentence.lower()  # a sentence starts with a capital
    names = [f"class {n}" if n.isdigit() else n for n in script.classes]
    if len(names) <= 4:
        for c, n in enumerate(names):
            assert f"{n} wins {wins[c]:,}" in said, (n, said)
    else:
        most, least = int(np.argmax(wins)), int(np.argmin(wins))
        assert f"{names[most]} wins the most points, {wins[most]:,}, and " in said, said
        assert f"{names[least]} the fewest, {wins[least]:,} point" in said, said
    percent = f"{round(accuracy * 100, 1):g} %"
    assert f"right class for {percent} of the points" in script.closing, script.closing


def test_zoom_words_say_the_new_range_when_it_changes_much():
    """A zoom by 2x or more (or the origin leaving or coming back) is said with the new
    range; a smaller one only shows (the caption gives the ranges)."""
    from nnexplain.framing import SAID_ZOOM

    script = story(check(IRIS))
    before = script.start.box
    said = 0
    for shot in script.shots:
        wide = [float(np.max(b.span[: b.dims])) for b in (before, shot.box)]
        big = max(wide) / min(wide) >= SAID_ZOOM or before.has_origin != shot.box.has_origin
        if shot.box.same(before) or not big:
            assert shot.zoom == "" and shot.said == shot.sentence, shot.name
        else:
            k = int(np.argmax(shot.box.span[: shot.box.dims]))
            assert shot.zoom.startswith(("Zoomed out", "Zoomed in", "Moved")), shot.name
            assert f"to {shot.box.hi[k]:g}" in shot.zoom, shot.zoom
            assert shot.said == f"{shot.sentence} {shot.zoom}"
            said += 1
        before = shot.box
    assert said >= 1  # iris: at least the softmax's zoom in, from tens to 1.2


def test_a_corner_of_real_data_is_framed_without_the_origin():
    box = fit(np.array([[6.2, -1.3, 0.5], [11.1, 1.4, 0.9]]), 3)
    assert not box.has_origin and box.lo[0] > 5 and box.hi[0] < 12
    assert fit(np.array([[1.0, 0.1], [6.9, 2.5]])).has_origin  # the origin costs little


def test_every_theme_has_eight_class_colours_its_two_first():
    from scenes.theme import THEMES, contrast_ratio

    for theme in THEMES.values():
        assert len(set(theme.class_palette)) == 8
        assert theme.class_palette[:2] == theme.class_colors
        assert min(contrast_ratio(c, theme.background) for c in theme.class_palette) >= 3
