"""The voice says every formula in words (issue: "what the voice says").

Every scene's lines are checked where they are built, in ``test_smoke``; the
explainer's sentences for every example and test spec here; and the checker itself
against the lines espeak-ng was heard to garble.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.narration import spoken_text

pytest.importorskip("piper", reason="the narration extra (make setup NARRATION=1)")

from tests.spoken import symbols, unspoken, unspoken_lines  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

HEARD_WRONG = [  # what a subtitle writes, and what espeak-ng drops from it when read raw
    ("y = H(x - 20)", "minus"),
    ("y = H(-x + 20)", "minus"),
    ("the slope f'(s)", "prime"),
    ("1/(1 + e^-z)", "fraction"),
    ("1/(1 + e^-z)", "power"),
    ("tanh squashes it", "tanh"),
    ("the error w²", "power"),
    ("sigma times (1 - sigma)", "minus"),
    ("dE/dw = 2w", "fraction"),
    ("one of 16! · 16! low points", "factorial"),
]


@pytest.mark.parametrize(("subtitle", "kind"), HEARD_WRONG)
def test_the_check_hears_what_espeak_drops(subtitle, kind):
    assert symbols(subtitle)[kind] >= 1
    assert any(p.startswith(kind) for p in unspoken(subtitle, subtitle))
    assert unspoken(subtitle, spoken_text(subtitle)) == []


@pytest.mark.parametrize("subtitle", ["a four-pixel camera", "the 784-16-16-10 network",
                                      "the neuron's weights", "a 2-D cloud", "cross-entropy",
                                      "don't"])
def test_hyphens_and_apostrophes_in_words_are_no_formula(subtitle):
    assert sum(symbols(subtitle).values()) == 0


def test_spoken_text_is_idempotent():
    for subtitle, _ in HEARD_WRONG:
        once = spoken_text(subtitle)
        assert spoken_text(once) == once


def test_sizes_are_said_one_after_another():
    assert spoken_text("a 784-16-16-10 network") == "a 784 16 16 10 network"


SPECS = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("examples/*.toml"),
                                                   *ROOT.glob("tests/specs/*.toml")])


@pytest.mark.parametrize("spec", SPECS)
def test_every_explainer_sentence_is_said_in_words(spec):
    from nnexplain import check
    from nnexplain.story import story

    script = story(check(ROOT / spec))
    sentences = [script.opening, script.network, *(s.sentence for s in script.shots),
                 script.closing]
    assert unspoken_lines([(s, spoken_text(s)) for s in sentences]) == []
