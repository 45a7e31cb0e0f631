"""Weight matrices as linear maps: the numbers chapter 3 shows."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nnmath

finite = st.floats(-10, 10, allow_nan=False)


def test_seed_matrix_sends_unit_vectors_to_its_columns():
    images = nnmath.basis_images([[1, 2], [2, 1]])
    np.testing.assert_array_equal(images[0], [1, 2])  # i-hat -> first column
    np.testing.assert_array_equal(images[1], [2, 1])  # j-hat -> second column


def test_seed_matrix_flips_orientation_and_triples_area():
    assert nnmath.determinant([[1, 2], [2, 1]]) == pytest.approx(-3.0)


@given(arrays(float, (3, 2), elements=finite))
def test_basis_images_are_the_columns(W):
    np.testing.assert_allclose(nnmath.basis_images(W), W.T)


@given(arrays(float, (2, 2), elements=finite), arrays(float, (5, 2), elements=finite))
def test_linear_map_keeps_origin_and_is_linear(W, P):
    origin = nnmath.affine_map(W, np.zeros((1, 2)))
    np.testing.assert_array_equal(origin, 0.0)
    both = nnmath.affine_map(W, P[:1] + P[1:2])
    apart = nnmath.affine_map(W, P[:1]) + nnmath.affine_map(W, P[1:2])
    np.testing.assert_allclose(both, apart, atol=1e-9)


def test_affine_map_moves_the_origin_by_b():
    out = nnmath.affine_map([[1, 2], [2, 1]], [[0, 0]], b=[0.5, -1])
    np.testing.assert_array_equal(out, [[0.5, -1]])


@pytest.mark.parametrize(
    ("W", "points", "b", "message"),
    [
        ([1, 2], [[0, 0]], None, "2-D matrix"),
        ([[1, np.nan], [0, 1]], [[0, 0]], None, "NaN"),
        ([[1, 2], [2, 1]], [[0, 0, 0]], None, r"shape \(n, 2\)"),
        ([[1, 2], [2, 1]], [[0, 0]], [1, 2, 3], r"b must have shape \(2,\)"),
    ],
)
def test_bad_input_names_what_was_expected(W, points, b, message):
    with pytest.raises(ValueError, match=message):
        nnmath.affine_map(W, points, b)


def test_determinant_needs_a_square_matrix():
    with pytest.raises(ValueError, match="square"):
        nnmath.determinant([[1, 2, 3], [4, 5, 6]])


def test_gallery_matrices_exact():
    np.testing.assert_array_equal(nnmath.rotation(90), [[0, -1], [1, 0]])
    np.testing.assert_array_equal(nnmath.scaling(2, 0.5), [[2, 0], [0, 0.5]])
    np.testing.assert_array_equal(nnmath.shear(1), [[1, 1], [0, 1]])
    np.testing.assert_array_equal(nnmath.shear(1, axis="y"), [[1, 0], [1, 1]])
    np.testing.assert_array_equal(nnmath.reflection("y"), [[-1, 0], [0, 1]])


@given(st.floats(-720, 720))
def test_rotation_keeps_lengths_and_orientation(degrees):
    R = nnmath.rotation(degrees)
    np.testing.assert_allclose(R.T @ R, np.eye(2), atol=1e-12)
    assert nnmath.determinant(R) == pytest.approx(1.0)


@pytest.mark.parametrize("axis", ["x", "y", "y=x"])
def test_reflections_flip_orientation_and_undo_themselves(axis):
    F = nnmath.reflection(axis)
    assert nnmath.determinant(F) == pytest.approx(-1.0)
    np.testing.assert_array_equal(F @ F, np.eye(2))


def test_shear_keeps_area_and_bad_axis_is_named():
    assert nnmath.determinant(nnmath.shear(3)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="'z'"):
        nnmath.shear(1, axis="z")
    with pytest.raises(ValueError, match="'diagonal'"):
        nnmath.reflection("diagonal")


@given(arrays(float, (2, 2), elements=finite), arrays(float, (2,), elements=finite))
def test_best_affine_fit_recovers_an_affine_map(W, b):
    X = nnmath.clouds.uniform_square(50, seed=0)
    W_fit, b_fit, rms = nnmath.best_affine_fit(X, nnmath.affine_map(W, X, b))
    np.testing.assert_allclose(W_fit, W, atol=1e-8)
    np.testing.assert_allclose(b_fit, b, atol=1e-8)
    assert rms < 1e-8


def test_no_affine_map_makes_the_relu_fold():
    X = nnmath.clouds.uniform_square(500, seed=0)
    net = nnmath.examples.network_222()
    folded = net.trace(X).stage("relu 1").points  # after the ReLU
    W, b, rms = nnmath.best_affine_fit(X, folded)
    assert rms > 0.05  # a real fold leaves a residual no affine map removes
    # and the fit is optimal: nudging it only makes things worse
    for dW in (np.eye(2) * 1e-3, np.array([[0, 1e-3], [0, 0]])):
        worse = np.sqrt(np.mean(np.sum((folded - nnmath.affine_map(W + dW, X, b)) ** 2, axis=1)))
        assert worse >= rms


def test_best_affine_fit_rejects_mismatched_rows():
    with pytest.raises(ValueError, match="same number of rows"):
        nnmath.best_affine_fit(np.zeros((3, 2)), np.zeros((4, 2)))


@pytest.mark.parametrize(
    ("points", "b", "message"),
    [
        ([[0, np.nan]], None, "points contain NaN or infinity"),
        (np.zeros((0, 2)), None, "points is empty"),
        ([], None, "points is empty"),
        ([["a", "b"]], None, "points must be numeric"),
        ([[0, 0]], [1, np.nan], "b contains NaN or infinity"),
        ([[0, 0]], ["x", "y"], "b must be numeric"),
    ],
)
def test_affine_map_rejects_non_finite_or_empty_input(points, b, message):
    with pytest.raises(ValueError, match=message):
        nnmath.affine_map([[1, 2], [2, 1]], points, b)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: nnmath.rotation(np.nan), "degrees must be finite"),
        (lambda: nnmath.rotation(None), "degrees must be a real number, got None"),
        (lambda: nnmath.rotation([90, 180]), "degrees must be a real number"),
        (lambda: nnmath.scaling([1, 2]), "sx must be a real number"),
        (lambda: nnmath.scaling(np.array([1.0, 2.0])), r"sx must be a scalar, got .* \(2,\)"),
        (lambda: nnmath.scaling(2, [1, 2]), "sy must be a real number"),
        (lambda: nnmath.scaling(np.inf), "sx must be finite"),
        (lambda: nnmath.shear([1, 2]), "shear factor k must be a real number"),
        (lambda: nnmath.shear(np.nan, axis="y"), "shear factor k must be finite"),
        (lambda: nnmath.shear(1, axis="z"), "shear axis must be 'x' or 'y'"),
        (lambda: nnmath.reflection(["x"]), r"reflection axis must be one of .*, got \['x'\]"),
        (lambda: nnmath.reflection("z"), "reflection axis must be one of"),
    ],
)
def test_gallery_rejects_bad_parameters(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_gallery_accepts_numpy_scalars():
    np.testing.assert_array_equal(nnmath.rotation(np.int64(90)), nnmath.rotation(90))
    np.testing.assert_array_equal(nnmath.scaling(np.float32(2)), [[2, 0], [0, 2]])


# --- what a matrix does, in facts a sentence can use ----------------------------------


@pytest.mark.parametrize(
    ("W", "rank", "image", "collapses", "flips", "kind"),
    [
        ([[1, 2], [2, 1]], 2, "plane", False, True, None),  # the seed matrix: det -3
        ([[1, 2], [2, 4]], 1, "line", True, False, None),  # singular: columns on one line
        ([[0, 0], [0, 0]], 0, "point", True, False, None),  # everything to the origin
        ([[1, 0], [0, 1]], 2, "plane", False, False, "identity"),
        ([[0, -1], [1, 0]], 2, "plane", False, False, "rotation"),
        ([[-1, 0], [0, 1]], 2, "plane", False, True, "reflection"),
        ([[0, 1], [1, 0]], 2, "plane", False, True, "reflection"),
        ([[2, 1], [1, -1]], 2, "plane", False, True, None),
        ([[1e6, 2e6], [2e6, 4e6]], 1, "line", True, False, None),  # large, still singular
        ([[0.1, 0.2], [0.2, 0.4]], 1, "line", True, False, None),  # decimals typed by hand
    ],
)
def test_describe_map_says_what_w_does(W, rank, image, collapses, flips, kind):
    facts = nnmath.describe_map(W)
    assert (facts.rank, facts.image, facts.collapses, facts.flips) == (
        rank, image, collapses, flips)
    kinds = {"identity": facts.is_identity, "rotation": facts.is_rotation,
             "reflection": facts.is_reflection}
    assert [k for k, is_it in kinds.items() if is_it] == ([kind] if kind else [])
    assert facts.is_zero == (rank == 0)
    if collapses:
        assert facts.determinant == 0.0 and facts.area_scale == 0.0


def test_describe_map_reads_rotations_and_scalings():
    assert nnmath.describe_map(nnmath.rotation(90)).rotation_degrees == 90.0
    assert nnmath.describe_map(nnmath.rotation(-30)).rotation_degrees == pytest.approx(-30)
    assert nnmath.describe_map(nnmath.rotation(180)).rotation_degrees == 180.0
    assert nnmath.describe_map(nnmath.rotation(360)).is_identity  # a full turn: no turn
    assert nnmath.describe_map(nnmath.reflection("x")).rotation_degrees is None
    big = nnmath.describe_map(nnmath.scaling(100))
    assert big.is_uniform and big.stretches == (100.0, 100.0) and not big.keeps_lengths
    assert big.area_scale == pytest.approx(1e4)
    squash = nnmath.describe_map(nnmath.scaling(2, 0.5))
    assert squash.stretches == (2.0, 0.5) and not squash.is_uniform
    assert not nnmath.describe_map(nnmath.scaling(0, 0)).is_uniform  # collapsed, not scaled


def test_describe_map_of_non_square_and_one_by_one_matrices():
    lift = nnmath.describe_map([[1, 0], [0, 1], [1, 1]])  # 2 inputs lifted to 3D
    assert (lift.shape, lift.rank, lift.determinant, lift.collapses) == ((3, 2), 2, None, False)
    assert lift.area_scale is None and not lift.flips and not lift.is_identity
    flat = nnmath.describe_map([[1, 0, 0], [0, 1, 0]])  # 3D down to the plane
    assert flat.rank == 2 and flat.collapses
    assert nnmath.describe_map([[3, 6, 9]]).image == "line"
    negate = nnmath.describe_map([[-1.0]])  # the negating neuron of chapter 1
    assert negate.is_reflection and negate.flips
    assert nnmath.describe_map([[1.0]]).is_identity
    assert nnmath.describe_map([[0.0]]).is_zero


@given(arrays(float, (2, 2), elements=finite))
def test_describe_map_agrees_with_numpy(W):
    facts = nnmath.describe_map(W)
    stretches = np.linalg.svd(W, compute_uv=False)
    tol = nnmath.linear.TOLERANCE * max(1.0, stretches[0])
    assert facts.rank == np.linalg.matrix_rank(W, tol=tol)
    if facts.rank == 2:
        assert np.sign(facts.determinant) == np.sign(np.linalg.det(W))
    np.testing.assert_allclose(facts.stretches, stretches, atol=1e-9)


def test_describe_map_refuses_what_is_not_a_matrix():
    with pytest.raises(ValueError, match="2-D matrix"):
        nnmath.describe_map([1, 2])
    with pytest.raises(ValueError, match="NaN"):
        nnmath.describe_map([[1, np.nan], [0, 1]])


def test_a_zero_bias_moves_nothing():
    from nnmath.linear import moves_points

    assert not moves_points([0.0, 0.0]) and not moves_points([0.0, -0.0, 1e-12])
    assert moves_points([1.5, 1.0]) and moves_points([0.0, -0.01])
    with pytest.raises(ValueError, match="b contains NaN"):
        moves_points([np.nan, 0.0])
