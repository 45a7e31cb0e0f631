"""Benchmark scenes: six 1 s stages of a 2,000-point cloud, drawn three ways.

Rendered by ``benchmarks/run.py`` (``make bench``); each group shares axes,
camera motion and length, so their render times compare the point drawing alone.
"""

from __future__ import annotations

import numpy as np
from manim import DEGREES, Axes, Dot, Scene, ThreeDAxes, ThreeDScene, VGroup

from nnmath.examples import example_square, network_222, network_232
from scenes.components.camera import CloudCamera, CloudCamera3D
from scenes.components.point_cloud import CloudFrame, MoveCloud, PointCloud

N_POINTS = 2000
STAGE_TIME = 1.0


def _axes_2d() -> Axes:
    return Axes(x_range=(-3, 3, 1), y_range=(-3, 3, 1), x_length=7, y_length=7)


def _axes_3d() -> ThreeDAxes:
    return ThreeDAxes(x_range=(-3, 3, 1), y_range=(-3, 3, 1), z_range=(-3, 3, 1),
                      x_length=6, y_length=6, z_length=6)


def _stages(net) -> tuple[np.ndarray, list[np.ndarray]]:
    """The input cloud, and the points after each later stage in turn."""
    trace = net.trace(example_square(N_POINTS))
    return trace.a(0), [s.points for s in trace if s.kind != "input"]


class _Flat(Scene):
    """Filmed with the chapter scenes' 2D camera (the one that draws PointClouds)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(camera_class=CloudCamera, **kwargs)


class Cloud2D(_Flat):
    def construct(self) -> None:
        axes = _axes_2d()
        start, targets = _stages(network_222())
        cloud = PointCloud(start, frame=CloudFrame.from_axes(axes))
        self.add(axes, cloud)
        for target in targets:
            self.play(MoveCloud(cloud, target), run_time=STAGE_TIME)


class Naive2D(_Flat):
    """The same stages the obvious way: a VGroup of Dots and ``animate.apply_function``."""

    def construct(self) -> None:
        axes = _axes_2d()
        net = network_222()
        X = example_square(N_POINTS)
        dots = VGroup(*(Dot(axes.c2p(*p), radius=0.035) for p in X))
        self.add(axes, dots)
        for layer in net.layers:
            for f in (
                lambda p, W=layer.W: W @ p,
                lambda p, b=layer.b: p + b,
                lambda p, act=layer.activation: _activate(act, p),
            ):
                def move(point, f=f):
                    return axes.c2p(*f(np.asarray(axes.p2c(point))))

                self.play(dots.animate.apply_function(move), run_time=STAGE_TIME)


def _activate(name: str, p: np.ndarray) -> np.ndarray:
    from nnmath import activation

    return activation(name)(p)


class Empty2D(_Flat):
    def construct(self) -> None:
        self.add(_axes_2d())
        self.wait(6 * STAGE_TIME)


class _Moving3D(ThreeDScene):
    """Filmed with the chapter scenes' 3D camera, turning."""

    def __init__(self, **kwargs) -> None:
        super().__init__(camera_class=CloudCamera3D, **kwargs)

    def start(self) -> ThreeDAxes:
        axes = _axes_3d()
        self.set_camera_orientation(phi=65 * DEGREES, theta=-60 * DEGREES)
        self.add(axes)
        self.begin_ambient_camera_rotation(rate=0.25)
        return axes


class Cloud3D(_Moving3D):
    def construct(self) -> None:
        axes = self.start()
        start, targets = _stages(network_232())
        cloud = PointCloud(start, frame=CloudFrame.from_axes(axes))
        self.add(cloud)
        for target in targets:
            self.play(MoveCloud(cloud, target), run_time=STAGE_TIME)


class Empty3D(_Moving3D):
    def construct(self) -> None:
        self.start()
        self.wait(6 * STAGE_TIME)
