"""NN_PARAMS: a lecturer's overrides of a scene's Params, checked with clear messages."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pipeline.variants import stamp, variant_name
from scenes.ch03_linear_maps import LayerEquations, TransformGallery, WeightMatrixAsTransform
from scenes.ch04_point_clouds import Classification2D, PointCloud2D
from scenes.params import ParamsError, load_params

ROOT = Path(__file__).resolve().parents[2]


@dataclasses.dataclass(frozen=True)
class Demo:
    count: int = 3
    speed: float = 1.5
    label: str = "x"
    loud: bool = False
    pair: tuple[float, float] = (1.0, 2.0)
    many: tuple[int, ...] = (8, 2)
    matrix: tuple[tuple[float, float], tuple[float, float]] = ((1.0, 2.0), (2.0, 1.0))


def test_no_overrides_gives_the_defaults(monkeypatch):
    monkeypatch.delenv("NN_PARAMS", raising=False)
    assert load_params(Demo) == Demo()
    assert load_params(Demo, "") == Demo()


def test_json_overrides_are_converted_to_the_field_types():
    got = load_params(Demo, json.dumps({
        "count": 5, "speed": 2, "pair": [0, -1], "many": [4, 4, 2],
        "matrix": [[0, -1], [1, 0]], "loud": True, "label": "y",
    }))
    assert got == Demo(count=5, speed=2.0, label="y", loud=True, pair=(0.0, -1.0),
                       many=(4, 4, 2), matrix=((0.0, -1.0), (1.0, 0.0)))
    assert isinstance(got.speed, float) and isinstance(got.pair, tuple)


def test_a_json_file_works_too(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"count": 7}')
    assert load_params(Demo, str(path)).count == 7


@pytest.mark.parametrize(("text", "message"), [
    ('{"cont": 1}', r"unknown parameter\(s\) cont for Demo; expected some of: .*count"),
    ('{"count": 2.5}', r"Demo.count must be a whole number, got 2.5"),
    ('{"speed": "fast"}', r"Demo.speed must be a finite number, got 'fast'"),
    ('{"speed": NaN}', r"Demo.speed must be a finite number, got nan"),
    ('{"loud": 1}', r"Demo.loud must be true or false"),
    ('{"pair": [1, 2, 3]}', r"Demo.pair must have 2 entries like \[1.0, 2.0\], got 3"),
    ('{"pair": 4}', r"Demo.pair must be a list"),
    ('{"matrix": [[1, 2, 3], [4, 5, 6]]}', r"Demo.matrix\[0\] must have 2 entries"),
    ('{"many": [8, null]}', r"Demo.many\[1\] must be a whole number, got None"),
    ('{"count": 1', r"NN_PARAMS is not valid JSON"),
    ('[1, 2]', r"neither JSON nor a file"),
    ('no/such/file.json', r"neither JSON nor a file"),
])
def test_bad_overrides_name_the_field_and_what_was_expected(text, message):
    with pytest.raises(ValueError, match=message):
        load_params(Demo, text)


@pytest.mark.parametrize(("text", "message"), [
    ('{"n_points": 0}', "n_points must be at least 1, got 0"),
    ('{"point_radius": -0.1}', "point_radius must be positive, got -0.1"),
])
def test_cloud_params_refuse_what_cannot_be_drawn(text, message):
    with pytest.raises(ParamsError, match=message):
        load_params(PointCloud2D.Params, text)


def test_real_scene_params_take_overrides():
    matrix = load_params(WeightMatrixAsTransform.Params, '{"matrix": [[0, -1], [1, 0]]}')
    assert matrix.matrix == ((0.0, -1.0), (1.0, 0.0))
    assert load_params(Classification2D.Params, '{"hidden": [6, 2]}').hidden == (6, 2)
    with pytest.raises(ValueError, match="PointCloud2DParams.point_radius must be a finite"):
        load_params(PointCloud2D.Params, '{"point_radius": "nan"}')


# --- parameter files: one [SceneName] table per scene -------------------------------
TOML = """
[WeightMatrixAsTransform]
matrix = [[0, -1], [1, 0]]

[LayerEquations]
output_activation = "tanh"
"""


def test_a_toml_file_gives_each_scene_its_own_table(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(TOML)
    matrix = load_params(WeightMatrixAsTransform.Params, str(path), "WeightMatrixAsTransform")
    assert matrix.matrix == ((0.0, -1.0), (1.0, 0.0))
    layers = load_params(LayerEquations.Params, str(path), "LayerEquations")
    assert layers.output_activation == "tanh"
    gallery = load_params(TransformGallery.Params, str(path), "TransformGallery")
    assert gallery == TransformGallery.Params()  # no table: the defaults


@pytest.mark.parametrize(("text", "message"), [
    ("[WeightMatrix]\nmatrix = [[0, 1], [1, 0]]\n",
     r"mine.toml: there is no scene \[WeightMatrix\]; scenes are: WeatherPerceptron, .*"
     r"WeightMatrixAsTransform"),
    ("[WeightMatrixAsTransform]\nmatrx = [[0, 1], [1, 0]]\n",
     r"mine.toml: unknown parameter\(s\) matrx for WeightMatrixAsTransform; "
     r"expected some of: matrix, origin, transform_time"),
    ("[WeightMatrixAsTransform]\ntransform_time = \"slow\"\n",
     r"mine.toml: WeightMatrixAsTransform.transform_time must be a finite number, "
     r"got 'slow'"),
    ("matrix = [[0, 1], [1, 0]]\n",
     r"mine.toml: 'matrix' must be a table \[SceneName\] of parameters"),
    ("[WeightMatrixAsTransform\n", r"mine.toml is not valid TOML"),
])
def test_a_bad_toml_file_names_the_file_the_scene_and_the_field(tmp_path, text, message):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    with pytest.raises(ParamsError, match=message):
        load_params(WeightMatrixAsTransform.Params, str(path), "WeightMatrixAsTransform")


def test_variants_are_named_after_the_file_and_stamped_by_its_content(tmp_path):
    path = tmp_path / "my rotation.toml"
    path.write_text(TOML)
    assert variant_name(str(path)) == "my-rotation"
    assert variant_name("") is None
    first = stamp(str(path))
    assert first.startswith("my-rotation-")
    path.write_text(TOML.replace("tanh", "relu"))
    assert stamp(str(path)) != first  # new numbers: make renders again
    assert stamp("") == ""


def test_the_example_parameter_file_loads():
    path = str(ROOT / "examples" / "params" / "rotation.toml")
    p = load_params(WeightMatrixAsTransform.Params, path, "WeightMatrixAsTransform")
    assert p.matrix == ((0.0, -1.0), (1.0, 0.0))
    assert load_params(TransformGallery.Params, path, "TransformGallery").rotation_degrees == 30
