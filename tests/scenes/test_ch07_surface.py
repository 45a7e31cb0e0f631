"""Chapter 7, LossSurface: frames compared with control data; the surface, the level
curves, the path and every number said are nnmath's."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath import descend, parameter_count
from nnmath.surfaces import NeuronLoss
from scenes.ch07_gradient_descent import LossSurface, LossSurfaceParams
from scenes.params import ParamsError
from tests.scenes.helpers import prepared, scene_frames

__module_test__ = "ch07"


@scene_frames(base_scene=LossSurface)
def test_surface_loss_surface_last_frame(scene):
    scene.play_story()
    assert scene.shown_step["k"] == scene.steps  # the readout ends on the last step


@scene_frames(base_scene=LossSurface)
def test_surface_loss_surface_levels(scene):
    scene.play_story(until="surface")
    # every vertex of the surface is a loss nnmath computed, scaled to the patch
    corner = scene.surface_mob.points[0]
    w, b, z = scene.axes.p2c(corner)
    assert z == pytest.approx(scene.grid[0, 0] / scene.top * scene.z_top)
    assert (w, b) == pytest.approx((scene.ws[0], scene.bs[0]))


def test_surface_numbers_are_nnmaths():
    scene = prepared(LossSurface)
    p = scene.params
    loss = NeuronLoss(p.inputs, p.targets)
    path = descend(loss.gradient, list(p.start), p.learning_rate, p.max_steps, tol=p.tol)
    np.testing.assert_array_equal(scene.path, path)
    np.testing.assert_allclose(scene.path_loss, loss(path))
    assert scene.steps == len(path) - 1 and scene.settled
    assert scene.n_digits_params == parameter_count((784, 16, 16, 10)) == 13002
    for level, curves in zip(scene.level_values, scene.curves, strict=True):
        for curve in curves:
            np.testing.assert_allclose(loss(curve), level, atol=5e-3)
    assert min(scene.level_values) > scene.grid.min() and max(scene.level_values) < scene.top


@pytest.mark.parametrize(("changes", "message"), [
    ({"w_range": (2.0, 1.0)}, "w_range"),
    ({"start": (9.0, 0.0)}, "must lie on the patch"),
    ({"resolution": 2}, "resolution"),
])
def test_surface_refuses_what_it_cannot_draw(changes, message):
    with pytest.raises(ParamsError, match=message):
        LossSurfaceParams(**changes)
