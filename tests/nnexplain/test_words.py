"""The explainer's own sentences (beyond its stages, which tests/narrator/test_stages.py
checks): the PCA view keeps what scikit-learn's PCA says it keeps, training, batches and
classes are said as computed."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA

from nnexplain import words
from nnmath.projection import kept_share, principal_axes, project
from nnmath.training import loss_name

RNG = np.random.default_rng(5)


def test_training_words_follow_the_history():
    text = words.training_words((0.69, 0.4, 0.08), 0.5, 0.9731)
    assert "2 epochs" in text and "from 0.690 to 0.080" in text and "97.3 %" in text
    assert "goes from" in words.training_words((0.1, 0.2), 5.0, None)


def test_principal_axes_match_scikit_learn():
    X = RNG.normal(size=(500, 6)) @ RNG.normal(size=(6, 6))
    V = principal_axes([X], 3)
    pca = PCA(n_components=3).fit(X)
    for k in range(3):  # the same directions, up to sign
        assert abs(float(V[:, k] @ pca.components_[k])) == pytest.approx(1.0, abs=1e-8)
    assert kept_share(X, V) == pytest.approx(float(pca.explained_variance_ratio_.sum()))
    assert np.allclose(project(X, V), X @ V)


def test_principal_axes_ignore_a_shift_between_stages():
    X = RNG.normal(size=(300, 5)) * [5, 1, 1, 0.1, 0.1]
    V1 = principal_axes([X, X + 10.0], 3)
    V2 = principal_axes([X], 3)
    assert np.allclose(V1, V2)


def test_pca_words_say_the_share():
    assert "It keeps 93.4 % of this cloud's spread" in words.pca_words(8, 0.934)


@pytest.mark.parametrize("share, said", [(1.0, "all"), (0.93323, "93.3 %"),
                                         (0.99988, "99.99 %"), (0.5, "50 %")])
def test_the_share_is_said_for_the_stage_shown(share, said):
    """Point 8: the share of *this* stage's spread; 'all' only when it is all."""
    assert f"It keeps {said} of this cloud's spread" in words.pca_words(8, share, kept=2)
    later = words.pca_words(8, share, first=False)
    assert f"keeps {said} of this cloud's spread" in later
    assert ("still" in later) == (share == 1.0)


def test_the_picture_of_a_kept_flat_names_it():
    two = words.pca_words(8, 1.0, k=1, kept=2)
    assert "the 2 of the flat sheet W1 puts the cloud on, and the one in which" in two
    one = words.pca_words(5, 1.0, k=2, kept=1)
    assert "the one of the straight line W2 puts the cloud on, and the 2 in which" in one
    three = words.pca_words(6, 1.0, k=1, kept=3)
    assert "along the flat 3-D space W1 puts the cloud in" in three and "PCA" not in three
    plain = words.pca_words(4, 0.999, kept=0)
    assert "the 3 directions of the 4-D space in which this layer's stages spread most" in plain


@pytest.mark.parametrize("outputs", [1, 2, 3, 5])
def test_classes_are_read_as_the_output_width_says(outputs):
    """Point 15: one output has a right side of its threshold; several, a largest."""
    text = words.class_words(outputs, 0.96, 0.0 if outputs == 1 else 0.5)
    assert "96 % of the points" in text
    if outputs == 1:
        assert "right side of 0" in text and "class 1 at 0 or above" in text
    else:
        assert "side" not in text
        assert f"the largest of the {outputs} outputs names the right class" in text


@pytest.mark.parametrize("loss, outputs", [("cross_entropy", 1), ("mse", 1), ("mse", 3)])
def test_training_words_name_their_loss(loss, outputs):
    """Point 4: the loss is named by nnmath.training.loss_name, the one home."""
    text = words.training_words((0.44, 0.04), 0.5, 0.96, loss=loss, outputs=outputs)
    assert f"its loss, {loss_name(loss, outputs)}, falls from 0.440 to 0.040" in text


@pytest.mark.parametrize("n, batch, steps", [(800, 32, 25), (150, 32, 5), (40, 8, 5),
                                             (33, 32, 2), (20, 32, 1), (20, None, 1)])
def test_an_epoch_is_counted_in_steps(n, batch, steps):
    text = words.batch_words(n, batch)
    assert steps == -(-n // min(batch or n, n))
    if steps == 1:
        assert text == f"on all {n} points at once (one step an epoch)"
    else:
        assert text == f"in batches of {batch} points ({steps} steps an epoch)"
