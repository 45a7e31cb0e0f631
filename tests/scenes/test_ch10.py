"""Chapter 10 (scenes/ch10_convolutions.py): last frames compared with control data, and
every number a scene shows or says recomputed here, independently of nnmath's
convolution (scipy's correlate2d, numpy's reshapes), at the defaults and at edge
parameters."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import correlate2d

from narrator.fmt import fmt_number, fmt_percent
from nnmath.conv_digits import load_trained
from scenes.ch10_convolutions import (
    ConvVersusDense,
    FeatureMaps,
    KernelSlide,
    LearnedKernels,
    PoolAndFlatten,
    SoftmaxShares,
    region_word,
    window_region,
)
from scenes.params import ParamsError
from tests.scenes.helpers import build, last_frame, prepared, said, says

__module_test__ = "ch10"

TRAINED = load_trained()
NET = TRAINED.network
IMAGES = np.asarray(TRAINED.images, dtype=float)


def _relu_maps(image: np.ndarray) -> np.ndarray:
    """Every kernel's map of ``image`` after ReLU, by scipy's valid cross-correlation."""
    maps = np.stack([correlate2d(image, k, mode="valid") + b
                     for k, b in zip(NET.kernels, NET.kernel_bias, strict=True)])
    return np.maximum(maps, 0.0)


def _pooled(maps: np.ndarray) -> np.ndarray:
    k, h, w = maps.shape
    return maps[:, :h // 2 * 2, :w // 2 * 2].reshape(k, h // 2, 2, w // 2, 2).max(axis=(2, 4))


def _scores(image: np.ndarray) -> np.ndarray:
    return NET.W @ _pooled(_relu_maps(image)).ravel() + NET.b


# --- last frames (the builds the smoke and layout tests share) -------------------------


def test_kernel_slide_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, KernelSlide, monkeypatch, tmp_path)
    assert len(scene.map_grid.cells) == 36


def test_feature_maps_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, FeatureMaps, monkeypatch, tmp_path)
    assert len(scene.tiles) == NET.kernels.shape[0]


def test_pool_and_flatten_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, PoolAndFlatten, monkeypatch, tmp_path)


def test_softmax_shares_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, SoftmaxShares, monkeypatch, tmp_path)
    assert len(scene.bars) == 10


def test_learned_kernels_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, LearnedKernels, monkeypatch, tmp_path)


def test_conv_versus_dense_last_frame(request, monkeypatch, tmp_path):
    last_frame(request, ConvVersusDense, monkeypatch, tmp_path)


# --- the numbers -----------------------------------------------------------------------


def test_when_relu_leaves_every_map_dark_no_map_is_said_to_light(monkeypatch, tmp_path):
    """An edge no trained digit reaches: every map 0 after ReLU. The scene says so
    instead of naming a brightest map and a place on the digit."""
    import scenes.ch10_convolutions as ch10

    k = NET.kernels.shape[0]
    monkeypatch.setattr(ch10, "_read", lambda trained, index: (
        IMAGES[index], int(TRAINED.labels[index]), {"relu": np.zeros((1, k, 6, 6))}))
    text = said(build(FeatureMaps, {}, monkeypatch, tmp_path))
    says(text, true=[f"No map lights up on this {TRAINED.labels[0]}: ReLU leaves all {k} at 0"],
         false=["lights up most", "strongest at"])


def test_window_regions_are_the_windows_centres():
    assert window_region((0, 0), (3, 3), (8, 8)) == region_word(1, 1, 8, 8) == "top left"
    assert window_region((2, 2), (3, 3), (8, 8)) == "middle"


def test_region_words_cut_the_picture_in_thirds():
    assert [region_word(r, c, 8, 8) for r, c in ((0, 0), (0, 7), (7, 0), (7, 7))] == [
        "top left", "top right", "bottom left", "bottom right"]
    assert [region_word(r, c, 8, 8) for r, c in ((3.5, 3.5), (1, 3.5), (3.5, 6))] == [
        "middle", "top", "right"]


@pytest.mark.parametrize("params", [{}, {"digit": 449, "kernel": 8, "written": 1},
                                    {"digit": 17, "kernel": 3, "written": 7}])
def test_kernel_slide_works_out_each_window(params, monkeypatch, tmp_path):
    scene = build(KernelSlide, params, monkeypatch, tmp_path)
    d, k = params.get("digit", 0), params.get("kernel", 1) - 1
    image = IMAGES[d]
    full = correlate2d(image, NET.kernels[k], mode="valid") + NET.kernel_bias[k]
    np.testing.assert_allclose(scene.map, full, atol=1e-12)
    assert len(scene.steps) == params.get("written", 3)
    text = said(scene)
    for n, step in enumerate(scene.steps):
        r, c = divmod(n, 6)
        window = image[r:r + 3, c:c + 3]
        np.testing.assert_allclose(step["products"], window * NET.kernels[k], atol=1e-12)
        assert step["value"] == pytest.approx(full[r, c])
        # what is said adds up at the decimals it is said with
        s, v = fmt_number(step["sum"], scene.decimals), fmt_number(step["value"], scene.decimals)
        b = fmt_number(float(NET.kernel_bias[k]), scene.decimals)
        assert abs(float(s) + float(b) - float(v)) < 0.6 * 10 ** -scene.decimals
        says(text, true=[s, v])
    low = np.unravel_index(np.argmin(full), full.shape)
    below = (image[low[0]:low[0] + 3, low[1]:low[1] + 3] * NET.kernels[k]).sum() < 0
    says(text, true=["ink under the kernel's negative weights outweighs" if below
                     else "even there the nine products add up to more than 0"])
    top = np.unravel_index(np.argmax(full), full.shape)
    says(text, true=[f"largest, {fmt_number(full.max(), scene.decimals)}",
                     f"covers the {region_word(top[0] + 1, top[1] + 1, 8, 8)} of the digit",
                     f"A held-out {TRAINED.labels[d]}", "cross-correlation",
                     f"Kernel {k + 1} of the trained network"])


def test_kernel_slide_refuses_parameters_it_cannot_draw():
    for bad, words in (({"written": 0}, "written must be at least 1"),
                       ({"written": 37}, "written must be at most 36"),
                       ({"kernel": 0}, "kernel must be from 1 to"),
                       ({"digit": 450}, "digit must be a held-out index from 0 to 449")):
        with pytest.MonkeyPatch.context() as mp:
            import json
            mp.setenv("NN_PARAMS", json.dumps(bad))
            with pytest.raises(ParamsError, match=words):
                prepared(KernelSlide)


@pytest.mark.parametrize("params", [{}, {"digit": 123}])
def test_feature_maps_say_where_each_map_lights(params, monkeypatch, tmp_path):
    scene = build(FeatureMaps, params, monkeypatch, tmp_path)
    maps = _relu_maps(IMAGES[params.get("digit", 0)])
    np.testing.assert_allclose(scene.relu, maps, atol=1e-12)
    totals = maps.sum(axis=(1, 2))
    j = int(np.argmax(totals))
    peak = np.unravel_index(np.argmax(maps[j]), maps[j].shape)
    text = said(scene)
    says(text, true=[f"Map {j + 1} lights up most",
                     f"strongest at the {region_word(peak[0] + 1, peak[1] + 1, 8, 8)}"])
    m = int(np.argmin(totals))
    if totals[m] == 0:
        says(text, true=[f"Map {m + 1} stays dark"])
    else:
        says(text, true=[f"Map {m + 1} lights up least: {int((maps[m] == 0).sum())} of its "
                         "36 cells are 0"])


@pytest.mark.parametrize("params", [{}, {"digit": 5, "kernel": 6, "written": 9}])
def test_pool_and_flatten_keeps_each_blocks_largest(params, monkeypatch, tmp_path):
    scene = build(PoolAndFlatten, params, monkeypatch, tmp_path)
    maps = _relu_maps(IMAGES[params.get("digit", 0)])
    k = params.get("kernel", 1) - 1
    pooled = _pooled(maps)
    np.testing.assert_allclose(scene.pooled, pooled, atol=1e-12)
    np.testing.assert_allclose(scene.flat, pooled.ravel(), atol=1e-12)
    # the marked winner of each block is a cell holding the block's largest value
    for i in range(3):
        for j in range(3):
            r, c = scene.rows[k, i, j], scene.cols[k, i, j]
            assert 2 * i <= r < 2 * i + 2 and 2 * j <= c < 2 * j + 2
            assert maps[k, r, c] == pooled[k, i, j]
    text = said(scene)
    n = maps.shape[0]
    says(text, true=[f"{n} maps of 6 by 6, {n * 36} numbers, become {n} of 3 by 3: {n * 9}",
                     "a quarter as many", f"one column of {n * 9} numbers"])


def _misread() -> int:
    """The first held-out digit the network reads wrong (by numpy's own argmax)."""
    return int(np.flatnonzero(np.argmax([_scores(im) for im in IMAGES], axis=1)
                              != TRAINED.labels)[0])


@pytest.mark.parametrize("params", [{}, {"digit": 0}, {"digit": _misread()}])
def test_softmax_shares_add_up_and_answer(params, monkeypatch, tmp_path):
    scene = build(SoftmaxShares, params, monkeypatch, tmp_path)
    d = params.get("digit", 25)
    z = _scores(IMAGES[d])
    np.testing.assert_allclose(scene.logits, z, atol=1e-10)
    shares = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    np.testing.assert_allclose(scene.share_values, shares, atol=1e-12)
    np.testing.assert_allclose(scene.net_shares, shares, atol=1e-12)
    assert scene.share_values.sum() == pytest.approx(1.0)
    answer = int(np.argmax(shares))
    verdict = ("and it is right" if answer == TRAINED.labels[d]
               else f"and it is wrong: this is a {TRAINED.labels[d]}")
    text = said(scene)
    says(text, true=[f"for {answer}, is the network's answer, {verdict}",
                     f"Their sum: {fmt_number(np.exp(z - z.max()).sum(), 3)}",
                     f"to {fmt_number(z.max())} for {int(np.argmax(z))}"])


def test_learned_kernels_name_what_excites_each(monkeypatch, tmp_path):
    scene = build(LearnedKernels, {"kernel": 2, "examples": 1}, monkeypatch, tmp_path)
    strongest = np.stack([_relu_maps(im).max(axis=(1, 2)) for im in IMAGES])  # (n, k)
    np.testing.assert_allclose(scene.responses, strongest, atol=1e-12)
    labels = np.asarray(TRAINED.labels)
    means = np.array([strongest[labels == c, 1].mean() for c in range(10)])
    top = np.argsort(-strongest[:, 1], kind="stable")[:1]
    says(said(scene), true=[
        "the held-out digit that excites it most",
        f"Kernel 2 answers most strongly to this {labels[top[0]]}.",
        f"is largest for {int(np.argmax(means))}s, {fmt_number(means.max())}",
        f"smallest for {int(np.argmin(means))}s, {fmt_number(means.min())}"])
    average = strongest.mean(axis=0)
    says(said(scene), true=[
        f"Kernel {int(np.argmin(average)) + 1} answers least of all: its strongest response "
        f"averages {fmt_number(average.min())} over the 450 held-out digits, against "
        f"{fmt_number(average.max())} for kernel {int(np.argmax(average)) + 1}"])


def test_conv_versus_dense_counts_and_compares(monkeypatch, tmp_path):
    scene = build(ConvVersusDense, {}, monkeypatch, tmp_path)
    k = NET.kernels.shape[0]
    conv = k * 9 + k + NET.W.size + NET.b.size
    dense = sum(layer.W.size + layer.b.size for layer in TRAINED.dense.layers)
    assert scene.conv_total == conv == NET.parameter_count
    assert scene.dense_total == dense
    assert scene.unshared == k * 36 * 9
    conv_right = int((NET.predict(IMAGES) == TRAINED.labels).sum())
    dense_pred = np.argmax(TRAINED.dense.forward(IMAGES.reshape(len(IMAGES), -1)), axis=1)
    dense_right = int((dense_pred == TRAINED.labels).sum())
    assert (scene.conv_right, scene.dense_right) == (conv_right, dense_right)
    text = said(scene)
    says(text, true=[f"{conv:,} parameters", f"{dense:,} parameters",
                     f"would need {k * 36 * 9:,}"])
    diff = conv_right - dense_right
    if diff:
        says(text, true=[f"reads {abs(diff)} {'more' if diff > 0 else 'fewer'} digit"])
    assert scene.shown_accuracies == [f"{fmt_percent(TRAINED.accuracy, 1)} %",
                                      f"{fmt_percent(TRAINED.dense_accuracy, 1)} %"]


def test_the_verdict_follows_the_numbers():
    scene = prepared(ConvVersusDense)
    cases = [((810, 2410, 440, 430), "with 3 times fewer parameters, reads 10 more digits right"),
             ((810, 900, 430, 431), "with fewer parameters, reads 1 fewer digit right"),
             ((900, 810, 430, 430), "with more parameters, reads exactly as many digits")]
    for (c, d, cr, dr), words in cases:
        scene.conv_total, scene.dense_total, scene.conv_right, scene.dense_right = c, d, cr, dr
        assert words in scene.verdict()
