"""What the voice hears: every spoken line phonemized with the Piper voice's own
``phonemize`` (espeak-ng's rules), checked for a word wherever the subtitle writes a
formula symbol that espeak would drop: a minus, a prime, a power, a fraction, and
"tanh" (which espeak reads "tan") and a factorial.

The symbols are found in the subtitle here with rules of their own (not
:func:`pipeline.narration.spoken_text`'s), and the words are looked for in the
phonemes, so a symbol that reaches the voice unspoken fails whatever the text said.
"""

from __future__ import annotations

import re
from functools import lru_cache

# each formula symbol in a subtitle, and the words that may say it
_FOUND = {
    "minus": [r"−", r"(?:^|(?<=[\s(=,\[^]))-(?=[\w(.])", r"(?<=\s)-(?=\s)"],
    "prime": [r"(?<![A-Za-z])[A-Za-z]['’′]"],
    "power": [r"[²³^]"],
    "fraction": [r"(?<=[\w)])\s*/\s*(?=[\w(])"],
    "tanh": [r"\btanh\b"],
    "factorial": [r"(?<=\d)!"],
}
_WORDS = {
    "minus": ["minus", "negative"],
    "prime": ["prime"],
    "power": ["squared", "cubed", "power"],
    "fraction": ["over", "divided", "by"],  # dE/dw: "d E by d w"
    "tanh": ["tanch", "hyperbolic"],
    "factorial": ["factorial"],
}


@lru_cache(maxsize=1)
def _voice():
    from pipeline.narration import _voice as load
    from pipeline.narration import voice_files

    return load(*voice_files())


@lru_cache(maxsize=4096)
def phonemes(text: str) -> str:
    """``text`` as the voice will pronounce it: espeak-ng's phonemes without stress marks."""
    said = "".join("".join(sentence) for sentence in _voice().phonemize(text))
    return re.sub(r"[ˈˌ]", "", said)


def symbols(subtitle: str) -> dict[str, int]:
    """How many of each formula symbol the subtitle writes."""
    return {kind: sum(len(re.findall(p, subtitle)) for p in patterns)
            for kind, patterns in _FOUND.items()}


def unspoken(subtitle: str, spoken: str) -> list[str]:
    """The formula symbols of ``subtitle`` that the voice, given ``spoken``, does not
    say in words: empty when every one is heard."""
    heard = phonemes(spoken)
    problems = []
    for kind, count in symbols(subtitle).items():
        if not count:
            continue
        said = sum(heard.count(phonemes(word).strip()) for word in _WORDS[kind])
        if said < count:
            problems.append(f"{kind} ×{count} written, {said} spoken in {subtitle!r} "
                            f"(the voice hears {heard!r})")
    return problems


def unspoken_lines(lines: list[tuple[str, str]]) -> list[str]:
    """Every problem of every (subtitle, spoken) line."""
    return [p for subtitle, spoken in lines for p in unspoken(subtitle, spoken)]
