"""A manifest beside every video: ``<Scene>.json`` next to ``<Scene>.mp4`` (``<spec
name>.json`` next to a spec's video), written by the scene's own process at the end of
its render (:meth:`scenes.base.StoryScene.render`), so whatever presents a video (decks,
the gallery, stills, the README's lengths) reads what was rendered, never scene source.

It says which chapter and scene the video is, its title, quality and variant, how long
it plays, each beat (a section of the video: its name, title, start and end in seconds,
and its clip under ``sections/`` relative to the manifest, ``null`` for a gif), and each
subtitle cue as the ``.srt`` beside it holds them::

    {"manifest": 1, "chapter": 3, "scene": "WeightMatrixAsTransform",
     "title": "From neuron equations to one matrix", "video": "WeightMatrixAsTransform.mp4",
     "quality": "480p15",
     "variant": {"name": null, "params": {"matrix": [[1, 2], [-1, 1]]}, "theme": "dark",
                 "aspect": "16:9", "narration": false, "transparent": false},
     "length": 28.8,
     "beats": [{"name": "title", "title": "Title", "start": 0.0, "end": 2.4,
                "clip": "sections/WeightMatrixAsTransform_0000_title.mp4"}, ...],
     "cues": [{"start": 0.0, "end": 2.4, "text": "Chapter 3: From neuron ..."}, ...]}

Standard library only.

    >>> m = Manifest(chapter=1, scene="Hello", title="Hello", video="Hello.mp4",
    ...              quality="480p15", variant=Variant(), length=3.0,
    ...              beats=(Beat("title", "Title", 0.0, 1.0, None),
    ...                     Beat("dot", "A dot", 1.0, 3.0, None)),
    ...              cues=(Cue(0.0, 1.0, "Hello."), Cue(1.2, 2.5, "A dot.")))
    >>> m.cues_by_beat()
    [[Cue(start=0.0, end=1.0, text='Hello.')], [Cue(start=0.2, end=1.5, text='A dot.')]]
    >>> from_dict(to_dict(m), "Hello.json") == m
    True
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.videofiles import Cue

__all__ = ["VERSION", "Beat", "Cue", "Manifest", "ManifestError", "Variant", "from_dict",
           "load", "manifest_path", "missing_note", "to_dict", "with_earlier_clips", "write"]

VERSION = 1  # the manifest's format; a reader refuses another


class ManifestError(ValueError):
    """A manifest that cannot be read: the message names the file and the field."""


@dataclass(frozen=True)
class Beat:
    """One section of the video: a beat of the story (or the title card, or a stage of
    a spec's story), with its clip relative to the manifest's folder (None: no clips,
    as for a gif)."""

    name: str
    title: str
    start: float
    end: float
    clip: str | None

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Variant:
    """What the render was made with beyond the scene itself: its variant folder
    (:func:`pipeline.variants.variant_name`, None for the defaults), the parameters'
    values, the theme, the aspect, and whether it speaks and has no background."""

    name: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    theme: str = "dark"
    aspect: str = "16:9"
    narration: bool = False
    transparent: bool = False


@dataclass(frozen=True)
class Manifest:
    """What one rendered video holds (see the module's docstring for the file)."""

    chapter: int | None  # None: not a chapter's scene (a spec's video)
    scene: str
    title: str
    video: str  # the video's file name, beside the manifest
    quality: str  # the quality's folder name, "480p15"
    variant: Variant
    length: float  # seconds
    beats: tuple[Beat, ...]
    cues: tuple[Cue, ...]

    def cues_by_beat(self) -> list[list[Cue]]:
        """The cues shown during each beat, timed from the beat's start: a cue belongs
        to the beat it overlaps most (a cue may run on a little past a beat's cut)."""
        out: list[list[Cue]] = [[] for _ in self.beats]
        for cue in self.cues:
            overlaps = [min(cue.end, b.end) - max(cue.start, b.start) for b in self.beats]
            if max(overlaps, default=0.0) <= 0:
                continue
            k = overlaps.index(max(overlaps))
            beat = self.beats[k]
            out[k].append(Cue(round(max(0.0, cue.start - beat.start), 3),
                              round(min(beat.duration, cue.end - beat.start), 3), cue.text))
        return out


def manifest_path(video: str | Path) -> Path:
    """The manifest beside ``video``: the same name with ``.json``."""
    return Path(video).with_suffix(".json")


def to_dict(manifest: Manifest) -> dict[str, Any]:
    """The manifest as the JSON object written to disk."""
    v = manifest.variant
    return {
        "manifest": VERSION, "chapter": manifest.chapter, "scene": manifest.scene,
        "title": manifest.title, "video": manifest.video, "quality": manifest.quality,
        "variant": {"name": v.name, "params": _plain(v.params), "theme": v.theme,
                    "aspect": v.aspect, "narration": v.narration,
                    "transparent": v.transparent},
        "length": manifest.length,
        "beats": [{"name": b.name, "title": b.title, "start": b.start, "end": b.end,
                   "clip": b.clip} for b in manifest.beats],
        "cues": [{"start": c.start, "end": c.end, "text": c.text} for c in manifest.cues],
    }


def _plain(value: Any) -> Any:
    """``value`` as JSON holds it: tuples as lists, numpy values as Python's."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value.tolist() if hasattr(value, "tolist") else value


def write(manifest: Manifest, path: str | Path) -> Path:
    """Write ``manifest`` to ``path`` whole or not at all (a temporary file beside it,
    then renamed over it: a reader never sees half a manifest)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(json.dumps(to_dict(manifest), indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load(path: str | Path) -> Manifest:
    """The manifest at ``path``; :class:`ManifestError` naming the file and the field
    for one that is not a manifest (FileNotFoundError for none)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ManifestError(f"{path}: not JSON ({err}); render the scene again") from None
    return from_dict(data, path)


def from_dict(data: Any, path: str | Path) -> Manifest:
    """A manifest from its JSON object, every field checked (``path`` names it in
    messages)."""
    def fail(where: str, wanted: str, got: Any) -> ManifestError:
        return ManifestError(f"{path}: {where}: expected {wanted}, got {got!r}; "
                             "render the scene again")

    def get(obj: Any, key: str, kind: Callable[[Any], bool], wanted: str, where: str) -> Any:
        if not isinstance(obj, dict):
            raise fail(where or "the file", "an object", obj)
        if key not in obj or not kind(obj[key]):
            raise fail(f"{where}{key}", wanted, obj.get(key, "nothing"))
        return obj[key]

    def text(value: Any) -> bool:
        return isinstance(value, str)

    def number(value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    def flag(value: Any) -> bool:
        return isinstance(value, bool)

    def optional(kind: Callable[[Any], bool]) -> Callable[[Any], bool]:
        return lambda value: value is None or kind(value)

    def listed(key: str) -> list:
        return get(data, key, lambda v: isinstance(v, list), "a list", "")

    if get(data, "manifest", number, "a number", "") != VERSION:
        raise fail("manifest", f"format {VERSION}", data["manifest"])
    v = get(data, "variant", lambda x: isinstance(x, dict), "an object", "")
    variant = Variant(
        name=get(v, "name", optional(text), "a name or null", "variant."),
        params=get(v, "params", lambda x: isinstance(x, dict), "an object", "variant."),
        theme=get(v, "theme", text, "a theme's name", "variant."),
        aspect=get(v, "aspect", text, "an aspect", "variant."),
        narration=get(v, "narration", flag, "true or false", "variant."),
        transparent=get(v, "transparent", flag, "true or false", "variant."))
    beats = tuple(
        Beat(get(b, "name", text, "a name", f"beats[{k}]."),
             get(b, "title", text, "a title", f"beats[{k}]."),
             float(get(b, "start", number, "seconds", f"beats[{k}].")),
             float(get(b, "end", number, "seconds", f"beats[{k}].")),
             get(b, "clip", optional(text), "a file name or null", f"beats[{k}]."))
        for k, b in enumerate(listed("beats")))
    cues = tuple(
        Cue(float(get(c, "start", number, "seconds", f"cues[{k}].")),
            float(get(c, "end", number, "seconds", f"cues[{k}].")),
            get(c, "text", text, "text", f"cues[{k}]."))
        for k, c in enumerate(listed("cues")))
    return Manifest(
        chapter=get(data, "chapter", optional(number), "a chapter number or null", ""),
        scene=get(data, "scene", text, "a scene's name", ""),
        title=get(data, "title", text, "a title", ""),
        video=get(data, "video", text, "a file name", ""),
        quality=get(data, "quality", text, "a quality's folder", ""),
        variant=variant,
        length=float(get(data, "length", number, "seconds", "")),
        beats=beats, cues=cues)


def with_earlier_clips(manifest: Manifest, earlier: Manifest | None,
                       folder: str | Path) -> Manifest:
    """``manifest`` with the clips of ``earlier`` (the manifest it replaces in
    ``folder``) for beats that have none: a gif render beside an mp4 render of the
    same beats keeps pointing at the mp4's clips, which are still there."""
    if earlier is None or all(b.clip for b in manifest.beats):
        return manifest
    same = [(b.name, b.start, b.end) for b in manifest.beats] == [
        (b.name, b.start, b.end) for b in earlier.beats]
    if not same:
        return manifest
    beats = tuple(
        b if b.clip or not (old.clip and (Path(folder) / old.clip).is_file())
        else Beat(b.name, b.title, b.start, b.end, old.clip)
        for b, old in zip(manifest.beats, earlier.beats, strict=True))
    return Manifest(**{**manifest.__dict__, "beats": beats})


def missing_note(video: str | Path, how: str) -> str:
    """The one line a reader says for a video rendered before manifests were written
    (``how``: the command that renders it again, e.g. ``make ch3``)."""
    return (f"{video}: no manifest ({manifest_path(video).name}) beside it, an older "
            f"render; render it again: {how}")
