"""The chapters' cameras draw images exactly as Manim's do, over the image's box only."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DOWN, LEFT, RIGHT, UP, Camera, ImageMobject, tempconfig
from manim.utils.family import extract_mobject_family_members

from scenes.components.camera import CloudCamera
from tests.scenes.helpers import dry_run_config


def _picture(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rgba = rng.integers(0, 256, size=(9, 13, 4), dtype=np.uint8)
    rgba[..., 3] = rng.choice([0, 90, 255], size=(9, 13))  # clear, see-through, solid
    return rgba


PLACES = {
    "inside": lambda m: m.scale(2).shift(LEFT),
    "turned": lambda m: m.scale(3).rotate(0.4),
    "half out": lambda m: m.scale(4).move_to(7 * RIGHT + 3.5 * UP),
    "all out": lambda m: m.move_to(20 * LEFT),
    "tiny": lambda m: m.scale(0.01),
    "faded": lambda m: m.scale(2.5).set_opacity(0.4).shift(DOWN),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_images_are_drawn_pixel_for_pixel_as_manim_draws_them(tmp_path, place):
    with tempconfig({**dry_run_config(tmp_path), "pixel_width": 320, "pixel_height": 180}):
        image = PLACES[place](ImageMobject(_picture(1)))
        below = ImageMobject(_picture(2)).scale(5)  # something to blend over
        frames = []
        for camera_class, mobjects in ((Camera, [below]), (Camera, [below, image]),
                                       (CloudCamera, [below, image])):
            camera = camera_class(background_color="#0F1419")
            camera.capture_mobjects(extract_mobject_family_members(mobjects))
            frames.append(camera.pixel_array.copy())
    alone, manim, ours = frames
    assert np.array_equal(manim, ours)
    assert np.array_equal(alone, manim) == (place in ("all out", "tiny"))
