"""The PointCloud component: the rasteriser, where points land, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DEGREES, Dot, tempconfig
from manim.camera.camera import Camera

from scenes.components.camera import AimedCamera, CloudCamera, CloudCamera3D
from scenes.components.point_cloud import (
    CloudFrame,
    MoveCloud,
    PointCloud,
    Reframe,
    splat_discs,
)

RED = (1.0, 0.0, 0.0)
GREEN = (0.0, 1.0, 0.0)


def _blank(h=40, w=60):
    return np.zeros((h, w, 4), np.uint8)


def test_one_disc_has_the_right_area_centre_and_solid_core():
    img = _blank()
    splat_discs(img, np.array([[30.3, 20.6]]), np.array([RED]), radius_px=5.0)
    cover = img[..., 0] / 255.0
    assert cover.sum() == pytest.approx(np.pi * 25, rel=0.03)
    ys, xs = np.indices(cover.shape)
    # pixel (i, j) covers [j, j+1) x [i, i+1): its centre is j + 0.5
    cx = (cover * (xs + 0.5)).sum() / cover.sum()
    cy = (cover * (ys + 0.5)).sum() / cover.sum()
    assert abs(cx - 30.3) < 0.15 and abs(cy - 20.6) < 0.15  # quantised to 1/4 pixel
    assert tuple(img[20, 30]) == (255, 0, 0, 255)  # the core is the colour itself
    assert img[..., 1].max() == 0 and img[0, 0, 0] == 0  # nothing else painted


def test_discs_over_the_border_are_clipped_not_wrapped():
    img = _blank()
    xy = np.array([[-2.0, 20.0], [59.5, 39.5], [-50.0, -50.0]])
    splat_discs(img, xy, np.array([RED, GREEN, RED]), radius_px=4.0)
    # left disc: only its right half is there, on the left edge; nothing wraps round
    assert img[20, 0, 0] == 255 and img[20, 1, 0] > 0 and img[20, 3:55, 0].max() == 0
    assert img[39, 59, 1] == 255  # the corner disc is drawn in its corner only
    assert img[:30, 40:, 1].max() == 0


def test_translucent_discs_blend_with_what_is_underneath():
    img = _blank()
    img[..., 2] = 200
    splat_discs(img, np.array([[30.0, 20.0]]), np.array([RED]), radius_px=4.0, opacity=0.5)
    r, _, b, _ = img[20, 30].astype(int)
    assert abs(r - 127) <= 1 and abs(b - 100) <= 1


def _centroid(img: np.ndarray, channel: int) -> np.ndarray:
    """Where a pure-colour blob sits, in pixels (x, y)."""
    mask = (img[..., channel] > 128) & (img[..., (channel + 1) % 3] < 80)
    ys, xs = np.nonzero(mask)
    assert len(xs), "nothing of that colour in the frame"
    return np.array([xs.mean(), ys.mean()])


def _dot_and_cloud(camera, where):
    """A red Dot drawn by Cairo and a green one-point cloud at the same scene point."""
    dot = Dot(where, radius=0.12, color="#FF0000")
    cloud = PointCloud([where], colors=[GREEN], radius=0.12)
    camera.capture_mobjects([dot])
    red = _centroid(camera.pixel_array, 0)
    camera.reset()
    camera.capture_mobjects([cloud])
    green = _centroid(camera.pixel_array, 1)
    return red, green


@pytest.mark.parametrize("make_camera", [
    CloudCamera,
    CloudCamera3D,
])
def test_a_cloud_point_lands_where_a_dot_does(make_camera):
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        red, green = _dot_and_cloud(make_camera(), (2.0, 1.0, 0.0))
    np.testing.assert_allclose(green, red, atol=1.0)


def test_a_3d_camera_moved_to_a_frame_center_shows_it_in_the_middle():
    # move_camera(frame_center=p) during a scene: p is then drawn mid-screen, by Cairo
    # and by the point-cloud rasteriser alike (Manim's own point path shifts twice)
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        camera = CloudCamera3D()
        camera.capture_mobjects([Dot()])  # the scene has started drawing
        camera.reset()
        camera.set_phi(30 * DEGREES)
        camera.set_theta(-70 * DEGREES)
        camera.frame_center = (1.0, -0.5, 0.5)
        red, green = _dot_and_cloud(camera, (1.0, -0.5, 0.5))
    np.testing.assert_allclose(red, [160, 90], atol=1.0)
    np.testing.assert_allclose(green, red, atol=1.0)


def test_the_aimed_camera_shows_look_at_on_spot():
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        camera = AimedCamera()
        camera.set_phi(60 * DEGREES)
        camera.look_at.move_to((1.0, 1.0, 0.0))
        camera.spot.move_to((-3.0, 0.5, 0.0))
        red, green = _dot_and_cloud(camera, (1.0, 1.0, 0.0))
        px = 320 / camera.frame_width
    np.testing.assert_allclose(green, red, atol=1.0)
    np.testing.assert_allclose(red, [160 - 3.0 * px, 90 - 0.5 * px], atol=1.0)


def test_frame_maps_data_to_scene_and_move_cloud_goes_in_straight_lines():
    frame = CloudFrame.scaled(origin=(1.0, 2.0, 0.0), unit=2.0)
    cloud = PointCloud([[0.0, 0.0], [1.0, -1.0]], frame=frame)
    np.testing.assert_allclose(cloud.points, [[1, 2, 0], [3, 0, 0]])
    target = np.array([[2.0, 2.0], [-1.0, 3.0]])
    move = MoveCloud(cloud, target, rate_func=lambda t: t)
    move.begin()
    move.interpolate_mobject(0.25)
    np.testing.assert_allclose(cloud.data[:, :2], [[0.5, 0.5], [0.5, -0.0]])
    move.interpolate_mobject(1.0)
    np.testing.assert_allclose(cloud.data[:, :2], target)
    assert np.all(cloud.data[:, 2] == 0)


@pytest.mark.parametrize(("data", "colors", "message"), [
    (np.zeros((0, 2)), None, "at least one point"),
    ([[0.0, np.nan]], None, "NaN"),
    (np.zeros((3, 4)), None, r"shape \(n, 1..3\)"),
    (np.zeros((3, 2)), np.zeros((2, 3)), r"colors must have shape \(3, 3\)"),
])
def test_bad_point_data_is_refused_with_a_clear_message(data, colors, message):
    with pytest.raises(ValueError, match=message):
        PointCloud(data, colors=colors)


def test_move_cloud_needs_as_many_targets_as_points():
    cloud = PointCloud(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="expected 3 target points, got 2"):
        MoveCloud(cloud, np.zeros((2, 2)))


def test_reframe_zooms_the_picture_and_keeps_the_data():
    data = np.array([[0.5, 0.5], [1.0, 0.0]])
    cloud = PointCloud(data, frame=CloudFrame.scaled(unit=1.0))
    target = CloudFrame.scaled(origin=(-2.0, -2.0, 0.0), unit=4.0)
    move = Reframe(cloud, target, rate_func=lambda t: t)
    move.begin()
    move.interpolate_mobject(0.5)  # halfway: origin (-1, -1), unit 2.5
    np.testing.assert_allclose(cloud.points[:, :2], [[0.25, 0.25], [1.5, -1.0]])
    move.interpolate_mobject(1.0)
    np.testing.assert_allclose(cloud.points[:, :2], [[0.0, 0.0], [2.0, -2.0]])
    np.testing.assert_array_equal(cloud.data[:, :2], data)
    assert cloud.frame is target


def test_manims_own_camera_leaves_a_cloud_to_manim():
    """No camera is patched on import: Manim's Camera draws a PointCloud's points its
    own way (square pixels, far fewer lit than our antialiased discs)."""
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        ours, plain = CloudCamera(), Camera()
        for camera in (ours, plain):
            camera.capture_mobjects([PointCloud([(0.0, 0.0, 0.0)], colors=[GREEN],
                                                radius=0.3)])
        lit = [int(np.count_nonzero(c.pixel_array[..., 1] > 100)) for c in (ours, plain)]
    assert lit[0] > 4 * lit[1] > 0
