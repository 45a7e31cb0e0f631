"""Chapter 9, scene 1: DecisionBoundaryTraining (scenes/ch09_training.py).

Frame tests compare against control data in ``tests/scenes/control_data/ch09/``
(regenerate with ``pytest tests/scenes/test_ch09_boundary.py --set_test``, and look at
the frames first); the other tests check that every number shown or said is nnmath's.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from manim import tempconfig

from narrator.fmt import fmt_loss as loss_text
from narrator.fmt import fmt_percent_fixed as percent_text
from nnmath import best_linear_accuracy
from nnmath.watch import boundary_bend, snapshot_epochs, training_film
from scenes.ch09_training import BENT, DecisionBoundaryTraining, DecisionBoundaryTrainingParams
from scenes.components import fmt_percent
from scenes.components.readout import Readout
from scenes.components.regions import RegionImage, region_rgba
from scenes.params import ParamsError
from scenes.theme import THEME
from tests.scenes.helpers import assert_readable, dry_run_config, last_frame, prepared, scene_frames

__module_test__ = "ch09"


def _film(p: DecisionBoundaryTrainingParams):
    return training_film(p.data, p.n_points, p.noise, p.seed, p.hidden, p.epochs,
                         p.learning_rate, p.snapshots, p.grid)


def _readout_matches(scene) -> None:
    """The readout shows the loss and accuracy nnmath computed at the epoch it shows."""
    film, shown = scene.film, scene.shown_numbers()
    epoch = int(shown["epoch"])
    assert epoch == scene.epoch_shown
    assert shown["loss"] == loss_text(film.history[epoch])
    assert shown["accuracy"] == percent_text(film.accuracies[epoch]) + " %"


# --- frames -------------------------------------------------------------------


def test_boundary_last_frame(request, monkeypatch, tmp_path):
    scene = last_frame(request, DecisionBoundaryTraining, monkeypatch, tmp_path)
    film = scene.film
    assert scene.shown_numbers() == {
        "epoch": str(film.epochs),
        "loss": loss_text(film.final.loss),
        "accuracy": percent_text(film.final.accuracy) + " %",
    }
    np.testing.assert_allclose(scene.hidden_points.data[:, :2], film.final.hidden)
    _readout_matches(scene)


@scene_frames(base_scene=DecisionBoundaryTraining)
def test_boundary_random_weights(scene):
    scene.play_story(until="untrained")
    film = scene.film
    assert scene.shown_numbers() == {
        "epoch": "0",
        "loss": loss_text(film.start.loss),
        "accuracy": percent_text(film.start.accuracy) + " %",
    }
    np.testing.assert_array_equal(scene.regions.image, region_rgba(
        film.start.output, scene.theme, scene.params.region_opacity))


# --- numbers shown ------------------------------------------------------------


@pytest.fixture(scope="module")
def untrained(tmp_path_factory):
    """The scene built up to the untrained network, animations skipped (``show`` then
    draws any moment of the film)."""
    with tempconfig(dry_run_config(tmp_path_factory.mktemp("ch09"))):
        scene = DecisionBoundaryTraining(skip_animations=True)
        scene.setup()
        scene.play_story(until="untrained")
    return scene


def test_boundary_film_is_nnmaths():
    scene = prepared(DecisionBoundaryTraining)
    p = scene.params
    assert p.data == "spiral" and p.hidden[-1] == 2
    film = _film(p)
    assert scene.film is film  # cached: the very run nnmath made
    assert film.epochs_shown == snapshot_epochs(p.epochs, p.snapshots)
    assert scene.sizes == "2-16-16-2-1" == "-".join(map(str, film.network.sizes))
    assert film.final.accuracy >= 0.9


@pytest.mark.parametrize("position", [0, 0.5, 3, 7.25, 11.5, 16.9, 20, 22.99, 23])
def test_boundary_readout_is_nnmaths_everywhere(untrained, position):
    scene = untrained
    scene.show(position)
    still = scene.film.still(position)
    assert scene.epoch_shown == int(np.floor(still.epoch + 1e-9))
    _readout_matches(scene)
    np.testing.assert_allclose(scene.hidden_points.data[:, :2], still.hidden)
    np.testing.assert_array_equal(scene.regions.image, region_rgba(
        still.output, scene.theme, scene.params.region_opacity))
    # the loss curve ends at the epoch shown, on nnmath's loss
    end = scene.loss_curve.points[-1]
    e = still.epoch
    k = min(int(np.floor(e)), scene.n_epochs - 1)
    history = scene.film.history
    want = history[k] + (e - k) * (history[k + 1] - history[k])
    np.testing.assert_allclose(end, scene.loss_axes.c2p(e, want), atol=1e-9)


def test_boundary_readout_at_the_snapshots(untrained):
    scene = untrained
    for k, snap in enumerate(scene.film.snapshots):
        scene.show(k)
        assert scene.shown_numbers() == {
            "epoch": str(snap.epoch), "loss": loss_text(snap.loss),
            "accuracy": percent_text(snap.accuracy) + " %"}


def test_boundary_facts_are_nnmaths():
    scene = prepared(DecisionBoundaryTraining)
    film = scene.film
    span = film.xlim[1] - film.xlim[0]
    assert scene.facts == {
        "line": fmt_percent(best_linear_accuracy(film.X, film.y)[0], 1),
        "start_accuracy": fmt_percent(film.start.accuracy, 1),
        "final_accuracy": fmt_percent(film.final.accuracy, 1),
        "start_loss": loss_text(film.start.loss),
        "final_loss": loss_text(film.final.loss),
        "hidden_split": fmt_percent(max(best_linear_accuracy(film.final.hidden, film.y)[0],
                                        film.final.accuracy), 1),
        "epochs": str(film.epochs),
        "points": str(len(film.X)),
    }
    assert scene.bent == (boundary_bend(film.final.curves) > BENT * span)
    gaps = np.diff(film.epochs_shown)
    assert (scene.first_gap, scene.last_gap) == (gaps[0], gaps[-1])


class _Recorded(DecisionBoundaryTraining):
    """The scene, keeping every sentence it says."""

    def say(self, text: str) -> None:
        self.__dict__.setdefault("said", []).append(text)
        super().say(text)


def _sentences(tmp_path, monkeypatch=None, params=None) -> tuple[_Recorded, list[str]]:
    if params is not None:
        monkeypatch.setenv("NN_PARAMS", json.dumps(params))
    with tempconfig(dry_run_config(tmp_path)):
        scene = _Recorded(skip_animations=True)
        scene.render()
    captions = scene.renderer.file_writer.subcaptions
    assert_readable(captions)
    for cue in captions:  # every sentence fits one cue: no tail flashes by
        assert (cue.end - cue.start).total_seconds() >= 1.5, cue.content
    assert len(captions) == len(scene.said)
    return scene, scene.said


def test_boundary_subtitles_say_nnmaths_facts(tmp_path):
    scene, said = _sentences(tmp_path)
    film = scene.film
    f = scene.facts
    assert said[1] == f"Two spiral arms wound into each other: {len(film.X)} points in two classes."
    assert film.line_accuracy < 0.9
    assert f"The best straight line gets only {f['line']} % of them right." in said
    assert f"It gets {f['start_accuracy']} % of the points right." in said
    assert (f"After {film.epochs} epochs it gets {f['final_accuracy']} % of the points "
            "right.") in said
    assert film.final.loss < film.start.loss
    assert (f"Its loss, the cross-entropy, went down from {f['start_loss']} to "
            f"{f['final_loss']}.") in said
    assert (f"Now {film.epochs} epochs of gradient descent, each a pass over all "
            f"{len(film.X)} points.") in said
    assert "An epoch is 10 steps, on batches of 32 points (the last of 12)." in said
    # the early snapshots are one epoch apart, the last ones as far as said
    gaps = np.diff(film.epochs_shown)
    assert gaps[0] == 1
    assert (f"Snapshots start 1 epoch apart and end {gaps[-1]} apart: the first epochs get "
            "the most time.") in said
    # the boundary bends where no line could do as well, and the output neuron's line
    # separates the last hidden layer: said so because nnmath says so
    span = film.xlim[1] - film.xlim[0]
    assert boundary_bend(film.final.curves) > BENT * span
    assert film.line_accuracy < film.final.accuracy
    assert "Its boundary winds between the arms, where no straight line could go." in said
    assert film.final.accuracy == 1.0  # the output neuron's own line does it...
    assert best_linear_accuracy(film.final.hidden, film.y)[0] == 1.0
    assert best_linear_accuracy(film.start.hidden, film.y)[0] < 1.0  # ...and none did
    assert "In the last hidden layer the output neuron's line now separates the classes." in said
    # the untrained network puts points in both classes: its line has some on each side
    assert 0 < np.mean(film.predictions(0)) < 1
    assert "The output neuron splits them there with one straight line." in said


def test_boundary_subtitles_follow_other_numbers(tmp_path, monkeypatch):
    """Moons and a short, poor run: every claim follows what nnmath computed."""
    params = {"data": "moons", "n_points": 100, "hidden": [3, 2], "epochs": 3,
              "learning_rate": 0.05, "snapshots": 3, "grid": 32}
    scene, said = _sentences(tmp_path, monkeypatch, params)
    film = scene.film
    text = " ".join(said)
    assert film.data == "moons" and film.epochs == 3
    assert said[0].startswith("Chapter 9") and "Two interleaved moons: 100 points" in text
    f = scene.facts
    assert f"After 3 epochs it gets {f['final_accuracy']} % of the points right." in said
    span = film.xlim[1] - film.xlim[0]
    bent = boundary_bend(film.final.curves) > BENT * span
    beaten = film.line_accuracy < film.final.accuracy
    assert ("Its boundary curves between the moons, where no straight line" in text) == (
        bent and beaten)
    assert ("Its boundary bends, though" in text) == (bent and not beaten)
    assert ("Its boundary is still close to a straight line" in text) == (not bent)
    split = max(best_linear_accuracy(film.final.hidden, film.y)[0], film.final.accuracy)
    if film.final.accuracy == 1.0:
        assert "separates the classes" in text
    elif split == 1.0:
        assert "a straight line could split the classes completely" in text
    else:
        assert f"the best straight line splits {fmt_percent(split, 1)} % of the points" in text
    share = np.mean(film.predictions(0))
    assert ("splits them there with one straight line" in text) == (0 < share < 1)
    assert ("leaves them all on one side" in text) == (share in (0, 1))
    went = "down" if film.final.loss < film.start.loss else "up"
    assert f"Its loss, the cross-entropy, went {went} from" in text


# --- parameters ---------------------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [({"snapshot_time": 0.0}, "snapshot_time"), ({"region_opacity": 0.0}, "region_opacity"),
     ({"region_opacity": 1.5}, "region_opacity"), ({"point_radius": -1.0}, "point_radius")],
)
def test_boundary_bad_params(change, field):
    with pytest.raises(ParamsError, match=field):
        DecisionBoundaryTrainingParams(**change)


@pytest.mark.parametrize(
    "params, message",
    [({"hidden": [16, 3]}, "last hidden layer must be 2"), ({"data": "xor"}, "unknown data"),
     ({"snapshots": 500}, "frames"), ({"n_points": 1}, "at least 2")],
)
def test_boundary_params_nnmath_refuses(monkeypatch, params, message):
    monkeypatch.setenv("NN_PARAMS", json.dumps(params))
    with pytest.raises(ParamsError, match=message):
        prepared(DecisionBoundaryTraining)


# --- pieces -------------------------------------------------------------------


def test_readout_writes_its_text():
    number = Readout("0", font_size=26, color=THEME.text)
    left = number.anchor.get_center().copy()
    number.set_text("100.0 %")
    assert number.text == "100.0 %"
    np.testing.assert_array_equal(number.anchor.get_center(), left)  # stays put
    wide = number.width
    number.set_text("7")
    assert number.width < wide / 4
    with pytest.raises(ValueError, match="digits"):
        number.set_text("1e-3")


def test_region_image_and_colours():
    p = np.array([[0.0, 0.49], [0.51, 1.0]])  # row 0 at the bottom
    rgba = region_rgba(p, THEME, 0.5)
    assert rgba.shape == (2, 2, 4) and rgba.dtype == np.uint8
    assert np.all(rgba[..., 3] == 255)
    if THEME.name == "dark":  # class 0 leans orange, class 1 blue
        assert rgba[1, 0, 0] > rgba[1, 0, 2] and rgba[0, 1, 2] > rgba[0, 1, 0]
    # sure is stronger than hesitant
    bg = np.array([15, 20, 25])
    assert np.abs(rgba[1, 0, :3] - bg).sum() > np.abs(rgba[1, 1, :3] - bg).sum()
    with pytest.raises(ValueError, match="RGBA"):
        RegionImage(np.zeros((2, 2, 3), np.uint8), width=1, height=1)


def test_percent_and_loss_texts():
    assert percent_text(299 / 300) == "99.7" and percent_text(0.5) == "50.0"
    assert percent_text(0.99996) == "99.996" and percent_text(0.00004) == "0.004"
    assert loss_text(0.70638) == "0.706" and loss_text(0.00036) == "0.00036"
