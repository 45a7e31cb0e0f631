"""The chapter scene base: chapter numbers from the table, beats that cannot be
overwritten, the chapters' cameras, and parameters that share one base."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Dot,
    FadeIn,
    Indicate,
    MathTex,
    Text,
    ThreeDAxes,
    ThreeDScene,
    VGroup,
)

from scenes.base import ChapterScene, ChapterScene3D, beat
from scenes.chapters import CHAPTERS, chapter_of_module
from scenes.components.camera import AimedCamera, CloudCamera, CloudCamera3D
from scenes.params import CloudParams, SceneParams
from tests.scenes.helpers import all_scene_classes

SCENES = all_scene_classes()


def test_every_scene_gets_its_chapter_from_the_table():
    for cls in SCENES:
        assert cls.chapter is None, f"{cls.__name__} types its chapter number"
        assert cls.chapter_number() == chapter_of_module(cls.__module__)
    assert [chapter_of_module(f"scenes.{ch.module}") for ch in CHAPTERS] == list(range(1, 11))
    assert chapter_of_module("tests.somewhere") is None


def test_a_scene_outside_a_chapter_module_must_say_its_chapter():
    class Loose(ChapterScene):
        title = "loose"

    with pytest.raises(ValueError, match="Loose is not in a chapter module"):
        Loose.chapter_number()

    class Placed(Loose):
        chapter = 2

    assert Placed.chapter_number() == 2


def test_a_beat_cannot_be_overwritten_by_an_attribute():
    class Shadowing(ChapterScene):
        chapter = 1

        @beat("A square")
        def square(self):
            self.square = Dot()  # what ch4 once did: the beat's method would be lost
            self.play(FadeIn(self.square))

    scene = Shadowing()
    with pytest.raises(AttributeError, match=r"Shadowing.square is a beat of the story"):
        scene.square()
    scene.other = 1  # anything else is fine
    assert scene.other == 1


def test_no_scene_stores_anything_under_a_beat_name():
    """Source-level check, so it holds for beats that tests do not play."""
    import inspect
    import re

    for cls in SCENES:
        source = "\n".join(inspect.getsource(k) for k in cls.__mro__
                           if k.__module__.startswith("scenes."))
        for name, _ in cls.beats():
            assert not re.search(rf"self\.{name}\s*=[^=]", source), (cls.__name__, name)


def test_chapter_scenes_film_with_the_cloud_cameras():
    for cls in SCENES:
        camera = cls.camera_class
        if issubclass(cls, ChapterScene3D):
            assert issubclass(camera, CloudCamera3D), cls.__name__
        else:
            assert issubclass(camera, CloudCamera), cls.__name__
    assert issubclass(AimedCamera, CloudCamera3D)


def test_every_params_extends_the_base_and_clouds_share_theirs():
    cloud_fields = {f.name for f in dataclasses.fields(CloudParams)}
    for cls in SCENES:
        assert issubclass(cls.Params, SceneParams), cls.__name__
        fields = {f.name for f in dataclasses.fields(cls.Params)}
        if {"n_points", "network_seed"} <= fields:
            assert issubclass(cls.Params, CloudParams), cls.__name__
            assert cloud_fields <= fields


def test_only_what_moves_and_what_is_drawn_over_it_is_redrawn(tmp_path):
    """Lighting one neuron redraws that neuron and what lies above it, not the edges
    drawn before it in the same diagram; a mobject with points of its own moves with
    what moves inside it; an updater moves its mobject."""
    from manim import Circle, Square, VGroup, tempconfig

    from scenes.components.network_diagram import NetworkDiagram
    from tests.scenes.helpers import dry_run_config

    class Moving(ChapterScene):
        chapter = 1

    with tempconfig(dry_run_config(tmp_path)):
        scene = Moving()
        net = NetworkDiagram([3, 4, 2])
        later = Dot()
        scene.add(net, later)
        neuron = net.node(1, 2)
        moving = scene.get_moving_mobjects(neuron.animate.set_fill(opacity=1).build())
        assert neuron in moving and later in moving
        assert not set(net.edges.family_members_with_points()) & set(moving)
        assert net.node(1, 1) not in moving  # drawn before the lit neuron
        assert scene.get_moving_mobjects() == []

        ring = Circle()
        inner = Square().scale(0.2)
        ring.add(inner)
        scene.add(ring)
        moving = scene.get_moving_mobjects(FadeIn(inner))
        assert ring in moving and inner in moving and later not in moving

        plain = VGroup(Dot(), Dot())
        scene.add(plain)
        plain[1].add_updater(lambda m: m)
        moving = scene.get_moving_mobjects()
        assert plain[1] in moving and plain[0] not in moving


class _TurningWithText(ChapterScene3D):
    """A cloud, flat text fixed in the frame beside it, and a camera that moves."""

    chapter = 5
    title = "turning"

    def construct(self):
        from scenes.components.point_cloud import PointCloud

        axes = ThreeDAxes(x_length=4, y_length=4, z_length=3, num_axis_pieces=1)
        axes.shift(3 * LEFT)
        cloud = PointCloud(np.random.default_rng(0).uniform(-1, 1, (300, 3)) + [-3, 0, 0])
        card = VGroup(MathTex(r"y = \sigma(W x + b)"), Text("a card", font_size=30))
        card.arrange(DOWN).to_edge(RIGHT)
        self.add(axes, cloud)
        self.fix_in_frame(card)
        self.move_camera(phi=60 * DEGREES, theta=-40 * DEGREES, run_time=1)
        self.begin_ambient_camera_rotation(rate=0.4)
        self.play(cloud.animate.shift(0.5 * UP), run_time=1)
        self.wait(0.5)
        self.stop_ambient_camera_rotation()


class _TurningManimsWay(_TurningWithText):
    def get_moving_mobjects(self, *animations):
        return ThreeDScene.get_moving_mobjects(self, *animations)

    def play_internal(self, skip_rendering=False):
        ThreeDScene.play_internal(self, skip_rendering)


def _frames(scene_class, tmp_path, name):
    import av
    from manim import tempconfig

    config = {"media_dir": str(tmp_path / name), "quality": "low_quality",
              "disable_caching": True, "progress_bar": "none", "output_file": name}
    with tempconfig(config):
        scene = scene_class()
        scene.render()
        path = scene.renderer.file_writer.movie_file_path
        drawn = getattr(scene, "_all_moving", "unset")
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)], drawn


def test_still_text_is_drawn_once_while_the_camera_turns_and_frames_are_the_same(tmp_path):
    ours, _ = _frames(_TurningWithText, tmp_path, "ours")
    manims, _ = _frames(_TurningManimsWay, tmp_path, "manims")
    assert len(ours) == len(manims) >= 30
    for a, b in zip(ours, manims, strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_still_text_is_left_out_of_the_redraw():
    scene = _TurningWithText()
    scene.setup()
    card = Text("still")
    scene.add(card)
    scene.fix_in_frame(card)
    tracker = scene.renderer.camera.phi_tracker
    scene.add(tracker)
    tracker.add_updater(lambda m, dt: None)  # the camera moves by itself
    moving = scene.get_moving_mobjects(Animation(Dot()))
    assert card not in moving and tracker in moving
    scene.fix_in_frame(Dot())
    assert card in scene.get_moving_mobjects(Indicate(card))  # animated: redrawn
