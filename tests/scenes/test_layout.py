"""Aspects and layout (issue 14): the frame's shape (pipeline/aspect.py), placing against
the composition's edges (scenes/components/placement.py), the layout check
(scenes/layoutcheck.py) run at the end of every beat of every scene in every aspect,
numbers of one matrix sharing their decimals, and make's -j sharing the cores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    OUT,
    RIGHT,
    UL,
    UP,
    DecimalNumber,
    MathTex,
    Square,
    Text,
    tempconfig,
)

from narrator.fmt import fmt_shared
from pipeline.aspect import (
    ASPECTS,
    DESIGN_FRAME,
    aspect_name,
    folder_part,
    frame_size,
    pixel_size,
    ratio,
)
from pipeline.jobs import default_jobs, make_jobs
from pipeline.variants import stamp, variant_name
from scenes.base import ChapterScene, ChapterScene3D, apply_aspect, beat
from scenes.components import MatrixLabel, tex_matrix
from scenes.components.placement import to_corner, to_edge
from scenes.layoutcheck import layout_problems, text_boxes
from tests.scenes.helpers import (
    ROOT,
    all_scene_classes,
    build,
    dry_run,
    dry_run_config,
    in_aspect,
    make_dry_run,
)

SCENES = all_scene_classes()
OTHER_ASPECTS = [a for a in ASPECTS if a != "16:9"]


# --- the aspect ----------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [("16:9", "16:9"), ("4x3", "4:3"), (" 1/1 ", "1:1"),
                                        ("9 x 16", "9:16"), ("", "16:9")])
def test_aspect_names(text, name):
    assert aspect_name(text) == name


@pytest.mark.parametrize("bad", ["5:4", "16:10", "wide", "4:3:1"])
def test_an_unknown_aspect_is_one_line(bad):
    with pytest.raises(ValueError) as err:
        aspect_name(bad)
    assert str(err.value) == (f"aspect: unknown aspect {bad!r}; expected one of: "
                              "16:9, 4:3, 1:1, 9:16")


@pytest.mark.parametrize("name", ASPECTS)
@pytest.mark.parametrize("short", [480, 720, 1080, 2160])
def test_pixels_keep_the_short_side_and_the_ratio(name, short):
    width, height = pixel_size(name, short)
    assert min(width, height) == short
    assert width % 2 == 0 and height % 2 == 0  # H.264 wants even sizes
    assert width / height == pytest.approx(float(ratio(name)), rel=0.003)
    if name == "16:9":  # Manim's own sizes
        assert (width, height) == {480: (854, 480), 720: (1280, 720), 1080: (1920, 1080),
                                   2160: (3840, 2160)}[short]


@pytest.mark.parametrize("name", ASPECTS)
def test_the_frame_holds_the_composition_whole(name):
    width, height = frame_size(name)
    assert width / height == pytest.approx(float(ratio(name)))
    assert width >= DESIGN_FRAME[0] - 1e-9 and height >= DESIGN_FRAME[1] - 1e-9
    # and is the smallest such frame: one side is the composition's
    assert min(width - DESIGN_FRAME[0], height - DESIGN_FRAME[1]) == pytest.approx(0)


def test_apply_aspect_sizes_manims_frame_once():
    with tempconfig({"quality": "high_quality"}):
        from manim import config

        assert apply_aspect("9:16") == "1080p60"
        assert (config.pixel_width, config.pixel_height) == (1080, 1920)
        assert (config.frame_width, config.frame_height) == pytest.approx(frame_size("9:16"))
        assert apply_aspect("9:16") == "1080p60"  # twice: the same
        assert (config.pixel_width, config.pixel_height) == (1080, 1920)
    with tempconfig({"quality": "low_quality"}):
        from manim import config

        assert apply_aspect("16:9") == "480p15"
        assert (config.pixel_width, config.pixel_height) == (854, 480)
        assert config.frame_height == 8.0


def test_an_aspect_is_a_variant_and_part_of_the_stamp():
    assert folder_part("16:9") is None and folder_part("4:3") == "4x3"
    assert variant_name("", "dark", aspect="16:9") is None
    assert variant_name("", "dark", aspect="1:1") == "1x1"
    assert variant_name("", "light", True, "9:16") == "light-transparent-9x16"
    assert stamp("", "dark", aspect="4:3") == "4x3"


# --- placing against the composition -------------------------------------------------
def test_placement_is_manims_own_in_16_9():
    with tempconfig({"quality": "low_quality"}):
        for direction in (UP, DOWN, LEFT, RIGHT):
            ours, theirs = Square(1.3), Square(1.3)
            to_edge(ours, direction, buff=0.3)
            theirs.to_edge(direction, buff=0.3)
            np.testing.assert_allclose(ours.get_center(), theirs.get_center())
        ours, theirs = Square(0.7).shift(LEFT), Square(0.7).shift(LEFT)
        to_corner(ours, UL, buff=0.4)
        theirs.to_corner(UL, buff=0.4)
        np.testing.assert_allclose(ours.get_center(), theirs.get_center())


def test_placement_keeps_to_the_composition_in_a_taller_frame():
    width, height = frame_size("4:3")
    with tempconfig({"frame_width": width, "frame_height": height}):
        square = to_edge(Square(1.0), UP, buff=0.5)
        assert square.get_top()[1] == pytest.approx(DESIGN_FRAME[1] / 2 - 0.5)
        manims = Square(1.0).to_edge(UP, buff=0.5)  # the frame's edge, 1.33 higher
        assert manims.get_top()[1] == pytest.approx(height / 2 - 0.5)


# --- the layout check can fail --------------------------------------------------------
class _Crowded(ChapterScene):
    chapter = 1
    title = "Crowded"

    @beat("Two labels on one spot, one half out of the frame")
    def crowd(self):
        self.say("Crowded.")
        self.add(Text("overlap", font_size=36), MathTex("x^2").shift(0.1 * RIGHT),
                 Text("far right", font_size=36).move_to(7.0 * RIGHT + 2 * DOWN))


class _Tidy(ChapterScene):
    chapter = 1
    title = "Tidy"

    @beat("Labels apart, a transparent one on top")
    def tidy(self):
        self.say("Tidy.")
        ghost = Text("ghost", font_size=36).set_opacity(0.0)
        self.add(Text("left", font_size=36).shift(3 * LEFT), MathTex("x^2").shift(3 * RIGHT),
                 DecimalNumber(0.5).shift(2 * DOWN), ghost)


class _Space(ChapterScene3D):
    chapter = 5
    title = "Space"

    @beat("A label high above another, seen from above")
    def above(self):
        self.say("Above.")
        self.set_camera_orientation(phi=0, theta=-90 * np.pi / 180)
        low, high = MathTex("h_1"), MathTex("h_2").shift(3 * OUT)  # apart in space
        self.add_fixed_orientation_mobjects(low, high)
        note = Text("pinned", font_size=30).move_to(2.5 * UP)
        self.add_fixed_in_frame_mobjects(note)


def _dry_run(scene_class, tmp_path, aspect: str | None = None):
    klass = scene_class if aspect is None else in_aspect(scene_class, aspect)
    with tempconfig(dry_run_config(tmp_path)):
        return dry_run(klass)


def test_the_check_finds_overlap_and_a_piece_off_the_frame(tmp_path):
    report = _dry_run(_Crowded, tmp_path).layout_report
    assert any("overlaps" in line and "'overlap'" in line and "x^2" in line
               for line in report), report
    assert any("'farright'" in line and "leaves the frame" in line for line in report), report
    assert all(line.startswith("_Crowded beat crowd: ") for line in report)


def test_the_check_passes_a_tidy_frame_and_sees_every_piece(tmp_path):
    scene = _dry_run(_Tidy, tmp_path)
    assert scene.layout_report == []
    with tempconfig(dry_run_config(tmp_path)):
        names = sorted(type(b.mobject).__name__ for b in text_boxes(scene))
    # the header, left, x^2, the number; the transparent one does not count
    assert names == ["DecimalNumber", "MathTex", "Text", "Text"]


def test_the_check_sees_3d_labels_where_the_camera_draws_them(tmp_path):
    scene = _dry_run(_Space, tmp_path)
    # three units apart in space, on one spot on screen from above
    assert any("'h_1'" in line and "'h_2'" in line for line in scene.layout_report), \
        scene.layout_report
    assert not any("pinned" in line for line in scene.layout_report)


def test_the_check_is_in_pixels_of_the_real_frame(tmp_path):
    scene = _dry_run(_Tidy, tmp_path, aspect="9:16")
    assert scene.renderer.camera.pixel_width == 480
    with tempconfig(dry_run_config(tmp_path)):
        boxes = text_boxes(scene)
    assert all(0 <= b.left < b.right <= 480 and 0 <= b.top < b.bottom <= 854 for b in boxes)
    assert layout_problems(scene) == []


# --- every scene, every aspect ---------------------------------------------------------
@pytest.mark.parametrize("aspect", OTHER_ASPECTS)
@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_no_text_overlaps_or_leaves_the_frame(scene_class, aspect, monkeypatch, tmp_path):
    """At the end of every beat (the 16:9 run is test_smoke's; a 4:3 build is shared
    with test_aspect_frames)."""
    scene = build(scene_class, {}, monkeypatch, tmp_path, aspect=aspect)
    assert scene.camera.pixel_width / scene.camera.pixel_height == pytest.approx(
        float(ratio(aspect)), rel=0.003)
    assert scene.layout_report == []


# --- one matrix, one number of decimals -------------------------------------------------
def test_numbers_shown_together_share_their_decimals():
    assert fmt_shared([0.35, -0.6, -1.36]) == ["0.35", "-0.60", "-1.36"]
    assert fmt_shared([1.0, -2.0]) == ["1", "-2"]
    assert fmt_shared([0.5, 2.0]) == ["0.5", "2.0"]
    assert fmt_shared([0.004, 1.5]) == ["0.0", "1.5"]  # rounds to digits first
    assert fmt_shared(iter([0.25, 1])) == ["0.25", "1.00"]  # any iterable
    assert fmt_shared([]) == []


def test_matrices_show_one_number_of_decimals():
    values = [[0.35, 1.48], [-1.36, -0.6]]
    assert tex_matrix(values) == (r"\begin{bmatrix}0.35 & 1.48 \\ -1.36 & -0.60"
                                  r"\end{bmatrix}")
    label = MatrixLabel(values, name="W_1")
    shown = [[e.tex_string for e in row] for row in label.matrix.get_rows()]
    assert shown == [["0.35", "1.48"], ["-1.36", "-0.60"]]
    assert tex_matrix([[1, 0], [0, 1]]) == r"\begin{bmatrix}1 & 0 \\ 0 & 1\end{bmatrix}"


# --- make -j shares the cores ----------------------------------------------------------
def test_make_jobs_from_makeflags():
    assert make_jobs(" -j2 --jobserver-auth=3,4") == 2
    assert make_jobs("") == 1 and make_jobs("s -- X=1") == 1
    assert make_jobs(" -j") == (os.cpu_count() or 1)  # no limit: a chapter a core


def test_each_chapter_under_make_j_gets_its_share_of_the_cores(monkeypatch):
    monkeypatch.delenv("JOBS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setenv("MAKEFLAGS", " -j2 --jobserver-auth=3,4")
    assert default_jobs() == 2
    monkeypatch.setenv("MAKEFLAGS", " -j8")
    assert default_jobs() == 1
    monkeypatch.delenv("MAKEFLAGS")
    assert default_jobs() == 4
    monkeypatch.setenv("JOBS", "3")
    monkeypatch.setenv("MAKEFLAGS", " -j2")
    assert default_jobs() == 3  # JOBS says it outright


_make = make_dry_run


def test_make_stamps_the_aspect_and_refuses_an_unknown_one():
    done = _make("ch3", "ASPECT=4:3")
    assert done.returncode == 0, done.stderr
    assert "renders/.stamps/ch03_linear_maps.l.4x3 " in done.stdout
    assert "renders/.stamps/ch03_linear_maps.l.light-9x16 " in _make(
        "ch3", "ASPECT=9x16", "THEME=light").stdout
    assert "renders/.stamps/ch03_linear_maps.l " in _make("ch3", "ASPECT=16:9").stdout
    bad = _make("ch3", "ASPECT=5:4")
    assert bad.returncode != 0 and not bad.stdout
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(
        "ASPECT must be one of 16:9 4:3 1:1 9:16 (4x3 works too); got '5:4'.  Stop.")


def test_make_passes_manim_flags_that_start_with_dashes():
    """``MANIM_FLAGS=--disable_caching`` reaches manim (argparse would take a separate
    ``--disable_caching`` for an option of its own and stop)."""
    done = _make("ch3", "MANIM_FLAGS=--disable_caching")
    assert done.returncode == 0, done.stderr
    assert '--manim-flags="--disable_caching"' in done.stdout


def test_make_knows_the_same_aspects():
    import re

    listed = re.search(r"^ASPECTS := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert listed and tuple(listed.group(1).split()) == ASPECTS


def test_a_wrong_aspect_is_one_line_from_manim(tmp_path):
    env = dict(os.environ, NN_ASPECT="5:4")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("manim")), "-ql", "--media_dir", str(tmp_path),
         str(ROOT / "scenes" / "ch03_linear_maps.py"), "WeightMatrixAsTransform"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert errors == ["error: NN_ASPECT: unknown aspect '5:4'; expected one of: "
                      "16:9, 4:3, 1:1, 9:16"], done.stderr

