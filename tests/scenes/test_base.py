"""The chapter scene base: chapter numbers from the table, beats that cannot be
overwritten, the chapters' cameras, and parameters that share one base."""

from __future__ import annotations

import dataclasses

import pytest
from manim import Dot, FadeIn

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
    assert [chapter_of_module(f"scenes.{ch.module}") for ch in CHAPTERS] == list(range(1, 10))
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
