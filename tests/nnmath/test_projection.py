"""nnmath.projection: the picture of a wide layer keeps a kept span whole, fills the
rest with the principal axes of what spreads beyond it, and says truthfully how much
of a cloud's spread (and of a shift) it shows. Checked against scikit-learn's PCA and
plain numpy."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA

from nnmath.projection import kept_share, principal_axes, project, shown_length, span_basis

RNG = np.random.default_rng(21)


def _lift(width: int, rank: int, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """A cloud a (width x rank) W puts on a flat piece of ``rank`` dimensions, and W."""
    W = RNG.normal(size=(width, rank))
    return RNG.normal(size=(n, rank)) @ W.T, W


@pytest.mark.parametrize("width, rank", [(8, 2), (5, 1), (6, 3), (4, 2)])
def test_a_kept_span_is_seen_whole(width, rank):
    flat, W = _lift(width, rank)
    shifted = flat + RNG.normal(size=width)  # a bias: the same spread
    squashed = np.tanh(shifted)  # spreads beyond the flat piece
    V = principal_axes([flat, shifted, squashed], 3, keep=W)
    assert V.shape == (width, 3)
    np.testing.assert_allclose(V.T @ V, np.eye(3), atol=1e-12)
    # the flat piece lies in the axes: projected and back, every point is where it was
    np.testing.assert_allclose(project(flat, V) @ V.T, flat, atol=1e-9)
    assert kept_share(flat, V) == 1.0 == kept_share(shifted, V)  # exactly: said as "all"
    # lengths and angles in the flat piece survive the picture
    P = project(flat, V)
    np.testing.assert_allclose(np.linalg.norm(P[:10] - P[10:20], axis=1),
                               np.linalg.norm(flat[:10] - flat[10:20], axis=1))
    # the other axes: scikit-learn's principal axes of the spread beyond the kept span
    Q, _ = np.linalg.qr(W)
    centred = np.vstack([c - c.mean(axis=0) for c in (flat, shifted, squashed)])
    beyond = centred - centred @ Q @ Q.T
    more = 3 - rank
    if more:
        pca = PCA(n_components=more).fit(beyond)
        for k in range(more):
            assert abs(float(V[:, rank + k] @ pca.components_[k])) == pytest.approx(1.0,
                                                                                abs=1e-8)
    # and the share of the squashed cloud is its variance along the axes, computed here
    c = squashed - squashed.mean(axis=0)
    assert kept_share(squashed, V) == pytest.approx(np.sum((c @ V) ** 2) / np.sum(c ** 2))
    assert kept_share(squashed, V) < 1.0


def test_the_kept_span_comes_first_ordered_by_spread():
    flat, W = _lift(6, 2)
    V = principal_axes([flat, np.tanh(flat)], 3, keep=W)
    spread = np.var(project(flat, V), axis=0)
    assert spread[0] >= spread[1] > 1e-6 and spread[2] < 1e-20


def test_without_keep_the_axes_are_plain_pca():
    X = RNG.normal(size=(300, 6)) @ RNG.normal(size=(6, 6))
    V = principal_axes([X], 3)
    pca = PCA(n_components=3).fit(X)
    for k in range(3):
        assert abs(float(V[:, k] @ pca.components_[k])) == pytest.approx(1.0, abs=1e-8)
    assert kept_share(X, V) == pytest.approx(float(pca.explained_variance_ratio_.sum()))


def test_keep_is_checked():
    X = RNG.normal(size=(50, 6))
    with pytest.raises(ValueError, match="at most 3"):
        principal_axes([X], 3, keep=RNG.normal(size=(6, 4)))
    with pytest.raises(ValueError, match="expected 6 rows"):
        principal_axes([X], 3, keep=RNG.normal(size=(5, 2)))


def test_span_basis_finds_the_rank():
    W = np.column_stack([[1.0, 2.0, 0.0, 1.0], [2.0, 4.0, 0.0, 2.0], [0.0, 0.0, 1.0, 0.0]])
    B = span_basis(W)
    assert B.shape == (4, 2)
    np.testing.assert_allclose(B @ B.T @ W, W, atol=1e-12)
    assert span_basis(np.zeros((3, 2))).shape == (3, 0)


def test_shown_length_is_the_part_along_the_axes():
    V = np.eye(5)[:, :3]
    assert shown_length([3.0, 4.0, 0.0, 0.0, 12.0], V) == pytest.approx(5.0)
    b = RNG.normal(size=8)
    Q, _ = np.linalg.qr(RNG.normal(size=(8, 3)))
    assert shown_length(b, Q) == pytest.approx(np.linalg.norm(Q @ Q.T @ b))
    assert shown_length(b, Q) <= np.linalg.norm(b)
