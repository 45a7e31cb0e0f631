"""MeshSurface: one mobject whose faces the camera fills, coloured by height, far
faces first, shaded by Manim's light rule; what it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DEGREES, ThreeDAxes, color_to_rgb, tempconfig
from manim.utils.family import extract_mobject_family_members

from scenes.components.camera import CloudCamera3D
from scenes.components.surface import MeshSurface
from tests.scenes.helpers import dry_run_config

LOW, HIGH = "#56B4E9", "#E69F00"


def _hill(**kwargs) -> tuple[ThreeDAxes, MeshSurface, np.ndarray, np.ndarray, np.ndarray]:
    axes = ThreeDAxes(x_range=(-2, 2), y_range=(-2, 2), z_range=(0, 2), x_length=4,
                      y_length=4, z_length=2)
    xs = ys = np.linspace(-2, 2, 9)
    Z = 1.5 * np.exp(-(xs[None, :] ** 2 + ys[:, None] ** 2))
    return axes, MeshSurface.from_grid(axes, xs, ys, Z, colors=(LOW, HIGH), **kwargs), xs, ys, Z


def test_faces_are_coloured_by_their_height():
    _, mesh, _, _, Z = _hill()
    mean = (Z[:-1, :-1] + Z[1:, :-1] + Z[:-1, 1:] + Z[1:, 1:]) / 4
    low, high = np.unravel_index(mean.argmin(), mean.shape), np.unravel_index(
        mean.argmax(), mean.shape)
    np.testing.assert_allclose(mesh.face_rgbs[low], color_to_rgb(LOW))
    np.testing.assert_allclose(mesh.face_rgbs[high], color_to_rgb(HIGH))
    assert mesh.points.shape == (81, 3)


def _frame(tmp_path, mesh, phi=0.0, theta=-90.0) -> tuple[np.ndarray, CloudCamera3D]:
    with tempconfig({**dry_run_config(tmp_path), "pixel_width": 320, "pixel_height": 180}):
        camera = CloudCamera3D(background_color="#000000")
        camera.set_phi(phi * DEGREES)
        camera.set_theta(theta * DEGREES)
        camera.capture_mobjects(extract_mobject_family_members([mesh]))
        return camera.pixel_array.copy(), camera


def test_seen_from_above_each_face_shows_its_colour(tmp_path):
    _, mesh, _, _, _ = _hill(shade=False, opacity=1.0)
    frame, camera = _frame(tmp_path, mesh)
    grid = mesh.points.reshape(9, 9, 3)
    for i, j in [(0, 0), (3, 5), (7, 7)]:
        centre = grid[i:i + 2, j:j + 2].reshape(-1, 3).mean(axis=0)
        x, y = camera.points_to_pixel_coords(mesh, camera.project_points(centre[None]))[0]
        rgb = frame[int(y), int(x), :3] / 255
        np.testing.assert_allclose(rgb, mesh.face_rgbs[i, j], atol=2 / 255)


def test_near_faces_cover_far_ones_and_light_follows_manims_rule(tmp_path):
    """Seen from the side, the hill's front face hides the back; shading makes a face
    turned to the light brighter than the same colour unshaded."""
    _, flat, _, _, _ = _hill(shade=False, opacity=1.0)
    _, lit, _, _, _ = _hill(shade=True, opacity=1.0)
    frame_flat, camera = _frame(tmp_path, flat, phi=70, theta=-90)
    frame_lit, _ = _frame(tmp_path, lit, phi=70, theta=-90)
    assert np.any(frame_flat[..., :3] != frame_lit[..., :3])
    # the drawn order is far to near: the last face filled is the nearest one
    depth = camera.project_points(flat.points)[:, 2].reshape(9, 9)
    near = (depth[:-1, :-1] + depth[1:, 1:]) / 2
    assert np.unravel_index(near.argmax(), near.shape)[0] == 0  # the front row (low y)


def test_it_fades_in_and_out_and_bad_shapes_are_refused(tmp_path):
    from manim import FadeIn

    _, mesh, _, _, _ = _hill(opacity=0.8)
    fade = FadeIn(mesh)
    fade.begin()
    fade.interpolate(0.0)
    assert np.all(mesh.rgbas[:, 3] == 0)
    frame, _ = _frame(tmp_path, mesh)
    assert not frame[..., :3].any()  # faded out: nothing drawn
    fade.interpolate(0.5)
    assert np.allclose(mesh.rgbas[:, 3], 0.4)
    fade.finish()
    assert np.allclose(mesh.rgbas[:, 3], 0.8)
    with pytest.raises(ValueError, match="vertices must have shape"):
        MeshSurface(np.zeros((1, 4, 3)), np.zeros((0, 3, 3)))
    with pytest.raises(ValueError, match="face_rgbs must have shape"):
        MeshSurface(np.zeros((3, 3, 3)), np.zeros((3, 3, 3)))
