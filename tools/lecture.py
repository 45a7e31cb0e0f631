"""Presenting the course: decks, a gallery page, stills, subtitle tracks in the videos.

Everything here reads what ``make chN`` rendered under ``renders/``, each video's
manifest above all (``<Scene>.json`` beside it, :mod:`pipeline.manifest`: its title,
beats with their clips and times, subtitle cues, length), never the scenes' source:

    python tools/lecture.py slides     # a deck per chapter: renders/slides/chN.html
    python tools/lecture.py gallery    # renders/index.html (and the decks it links)
    python tools/lecture.py stills     # each beat's last frame: renders/stills/.../*.png
    python tools/lecture.py pptx       # a PowerPoint deck per chapter: renders/slides/chN.pptx
    python tools/lecture.py handouts [--paper letter]   # renders/handouts/chN.pdf
    python tools/lecture.py vtt FILE.srt ...          # WebVTT beside each .srt
    python tools/lecture.py embed FOLDER|VIDEO ...    # the .srt as a soft subtitle track

Options before the command: ``--media-dir`` (default ``renders``), ``--quality l|m|h|k``
(the quality decks and players use; default ``l``, else the best rendered) and
``--variant NAME`` (a ``PARAMS`` file's or a theme's renders); ``make slides``,
``make gallery`` and ``make stills`` pass ``MEDIA_DIR``, ``QUALITY`` and the variant.

A video rendered before manifests were written gets one line saying so and how to
render it again. A deck plays one beat (one of Manim's sections, ``--save_sections``,
as the manifest lists them) and pauses at its end; → / space / click go on, ← goes
back, f is fullscreen, the beat's subtitles are shown under the video. Decks and the
gallery are single HTML files with their data inline and every path relative, so
``renders/`` works from the file system (``file://``), from ``python -m http.server``
or copied elsewhere: no network, no CDN.

Standard library at import; PyAV (``av``), numpy and Pillow where frames are read.
``tools/render.py`` calls :func:`finish_render` after a chapter renders: the .srt goes
into each finished video as a soft subtitle track (``mov_text`` in .mp4/.mov, WebVTT
in .webm) and Manim's ``partial_movie_files/`` is removed.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# the formats Manim writes, in the order a browser player prefers them
VIDEO_EXTS = (".mp4", ".webm", ".mov", ".gif")
PLAYABLE_EXTS = (".mp4", ".webm")

from pipeline.facts import QUALITY_DIR, QUALITY_DIRS  # noqa: E402
from pipeline.manifest import Manifest, ManifestError, load, manifest_path, missing_note  # noqa: E402
from pipeline.office import OfficeError  # noqa: E402
from pipeline.videofiles import (  # noqa: E402
    SUBTITLE_CODECS,
    Cue,
    embed_subtitles,
    finish_render,
    last_frame,
    parse_srt,
    srt_to_vtt,
    still,
    subtitle_streams,
    video_seconds,
    write_vtt,
)


def _manim_folder(name: str) -> bool:
    """Folders Manim (or the render) makes beside the videos: not variants."""
    return name.startswith("sections") or name == "partial_movie_files"

__all__ = [
    "Beat", "ChapterInfo", "Cue", "Render", "build_gallery", "build_slides",
    "build_stills", "course", "embed_subtitles", "finish_render", "parse_srt",
    "srt_to_vtt", "subtitle_streams", "video_seconds", "write_vtt",
]


# --- the course: chapters and their scenes -----------------------------------------------
@dataclass
class ChapterInfo:
    number: int
    alias: str
    module: str
    title: str
    scenes: list[str]  # the scenes' class names, in order
    written: bool = True

    @property
    def slug(self) -> str:
        return f"ch{self.number}"


def course() -> list[ChapterInfo]:
    """Every chapter of scenes/chapters.py in order, with its scenes (none if unwritten);
    what each scene's video holds comes from its manifest."""
    from scenes.chapters import CHAPTERS, scene_names

    return [ChapterInfo(ch.number, ch.alias, ch.module, ch.title, scene_names(ch),
                        written=ch.path.is_file())
            for ch in CHAPTERS]


# --- what was rendered -------------------------------------------------------------------
@dataclass
class Render:
    """One scene's render in one folder: its finished files by extension, subtitles and
    section index."""

    stem: str
    folder: Path
    quality: str  # "480p15"
    variant: str | None = None

    @property
    def files(self) -> dict[str, Path]:
        return {ext: self.folder / f"{self.stem}{ext}" for ext in VIDEO_EXTS
                if (self.folder / f"{self.stem}{ext}").is_file()}

    @property
    def player(self) -> Path | None:
        """The file a browser plays: mp4, else webm."""
        return next((self.files[e] for e in PLAYABLE_EXTS if e in self.files), None)

    @property
    def srt(self) -> Path | None:
        path = self.folder / f"{self.stem}.srt"
        return path if path.is_file() else None

    @property
    def video(self) -> Path:
        """The file the render is shown by: the player, else its first file."""
        return self.player or next(iter(self.files.values()))

    @cached_property
    def manifest(self) -> Manifest | None:
        """The render's manifest (None for a render made before manifests were written;
        :class:`~pipeline.manifest.ManifestError` for one that cannot be read)."""
        path = manifest_path(self.video)
        return load(path) if path.is_file() else None

    def clips(self) -> bool:
        """Whether the render has a clip per beat (its manifest lists them)."""
        m = self.manifest
        return m is not None and any(b.clip for b in m.beats)

    @property
    def label(self) -> str:
        return self.quality + (f" · {self.variant}" if self.variant else "")


def _quality_key(name: str) -> tuple[int, int]:
    match = QUALITY_DIR.match(name)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def renders_of(base: Path, stem: str) -> list[Render]:
    """Every render of ``stem`` under ``base`` (``videos/<module>`` or ``explain``): one per
    quality folder and variant folder holding a finished video; lowest quality first,
    the defaults before the variants."""
    found = []
    if not base.is_dir():
        return found
    for qdir in sorted((p for p in base.iterdir() if QUALITY_DIR.match(p.name)),
                       key=lambda p: _quality_key(p.name)):
        folders = [(qdir, None)] + [
            (sub, sub.name) for sub in sorted(qdir.iterdir())
            if sub.is_dir() and not _manim_folder(sub.name)]
        for folder, variant in folders:
            render = Render(stem, folder, qdir.name, variant)
            if render.files:
                found.append(render)
    return found


def pick(renders: Sequence[Render], quality: str | None,
         variant: str | None = None) -> Render | None:
    """The render to show: ``variant``'s (default: the defaults') at ``quality`` (``l``
    or ``480p15``) with a playable file, else its best render that plays, else any."""
    wanted = QUALITY_DIRS.get(quality or "", quality)
    plain = [r for r in renders if r.variant == (variant or None) and r.player]
    for render in plain:
        if render.quality == wanted:
            return render
    if plain:
        return plain[-1]
    return next((r for r in renders if r.player), renders[-1] if renders else None)


# --- frames --------------------------------------------------------------------------------
def _fresh(target: Path, *sources: Path) -> bool:
    return target.is_file() and all(target.stat().st_mtime >= s.stat().st_mtime
                                    for s in sources)


def poster(render: Render, out: Path, width: int = 640) -> Path:
    """A representative frame of a scene as a JPEG: the last frame of its middle beat
    (the picture the beat builds), else the video's last frame."""
    source = render.video
    clips = [beat.clip for beat in beats_of(render)]
    if clips and clips[len(clips) // 2].is_file():
        source = clips[len(clips) // 2]
    if _fresh(out, source):
        return out
    image = last_frame(source).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)))
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, quality=85)
    return out


# --- beats: the sections of a scene with their subtitles --------------------------------------
@dataclass
class Beat:
    scene: str
    scene_title: str
    index: int  # within the scene
    name: str  # the section's name (the beat's method)
    title: str
    clip: Path
    start: float  # seconds into the scene's whole video
    duration: float
    cues: list[Cue]  # times from the start of the clip


def beats_of(render: Render) -> list[Beat]:
    """The scene's beats in order, one per clip its manifest lists, each with the cues
    shown during it (:meth:`pipeline.manifest.Manifest.cues_by_beat`); none without a
    manifest or clips."""
    m = render.manifest
    if m is None:
        return []
    return [Beat(m.scene, m.title, k, beat.name, beat.title, render.folder / beat.clip,
                 beat.start, beat.duration, cues)
            for k, (beat, cues) in enumerate(zip(m.beats, m.cues_by_beat(), strict=True))
            if beat.clip]


# --- HTML ----------------------------------------------------------------------------------------
def _href(target: Path, page_dir: Path) -> str:
    """A relative URL from a page in ``page_dir`` to ``target``."""
    rel = os.path.relpath(Path(target).resolve(), Path(page_dir).resolve())
    return quote(Path(rel).as_posix())


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _json_for_script(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")


def _duration(seconds: float) -> str:
    total = int(seconds)  # as the browser's player counts
    return f"{total // 60}:{total % 60:02}"


def _theme_css() -> str:
    from scenes.theme import THEME as th

    scheme = "light" if getattr(th, "is_light", False) else "dark"
    return (f":root{{color-scheme:{scheme};--bg:{th.background};--text:{th.text};"
            f"--muted:{th.muted};"
            f"--grid:{th.grid};--axis:{th.axis};--positive:{th.positive};"
            f"--negative:{th.negative};--accent:{th.accent};--font:'{th.font}',"
            "'DejaVu Sans',system-ui,sans-serif}")


_BASE_CSS = """
*{box-sizing:border-box}
html,body{margin:0;background:var(--bg);color:var(--text);font-family:var(--font)}
a{color:var(--positive)}a:hover{color:var(--accent)}
"""

_DECK_CSS = """
body{height:100vh;overflow:hidden}
#deck{height:100vh;display:flex;flex-direction:column}
#stage{position:relative;flex:1 1 auto;min-height:0;cursor:pointer}
#stage video{position:absolute;inset:0;width:100%;height:100%;object-fit:contain;
  visibility:hidden;background:var(--bg)}
#stage video.front{visibility:visible}
#hint{position:absolute;right:1.2em;bottom:1em;color:var(--text);font-size:.95em;
  opacity:0;transition:opacity .3s;pointer-events:none}
#deck[data-state=paused] #hint{opacity:.7}
#caption{flex:0 0 auto;min-height:5.2em;max-height:30vh;overflow:auto;padding:.6em 6vw .2em;
  font-size:clamp(16px,2.3vh,30px);line-height:1.45;text-align:center}
#caption span{color:var(--muted);transition:color .2s}
#caption span.now{color:var(--text)}
#caption span+span::before{content:" "}
footer{flex:0 0 auto;display:flex;gap:1.2em;align-items:center;padding:.35em 1em .5em;
  color:var(--muted);font-size:14px}
footer .where{flex:1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
footer .where b{color:var(--text);font-weight:normal}
footer button{background:none;border:1px solid var(--grid);color:var(--text);border-radius:4px;
  font:inherit;padding:.15em .7em;cursor:pointer}
footer button:hover{border-color:var(--positive)}
#bar{height:3px;background:var(--grid)}#bar div{height:100%;background:var(--positive);width:0}
footer a{color:var(--muted)}
"""

_DECK_JS = r"""
(() => {
  const data = JSON.parse(document.getElementById("deck-data").textContent);
  const beats = data.beats;
  const deck = document.getElementById("deck");
  const players = [...document.querySelectorAll("#stage video")];
  const caption = document.getElementById("caption");
  const where = document.getElementById("where");
  const count = document.getElementById("count");
  const bar = document.querySelector("#bar div");
  const hint = document.getElementById("hint");
  let index = -1;
  // clips play muted until the presenter presses a key or clicks (a browser lets
  // sound start only then); a narrated chapter's beats speak from that moment
  let sound = false;
  for (const kind of ["keydown", "pointerdown"]) {
    document.addEventListener(kind, () => { sound = true; }, true);
  }

  function load(player, i) {
    if (player.dataset.beat !== String(i)) {
      player.dataset.beat = String(i);
      player.src = beats[i].src;
      player.load();
    }
  }
  function front(player) {
    for (const p of players) {
      if (p !== player) { p.classList.remove("front"); p.pause(); }
    }
    player.classList.add("front");
  }
  function showCaption(i) {
    caption.replaceChildren(...beats[i].cues.map(([start, end, text]) => {
      const span = document.createElement("span");
      span.textContent = text.replace(/\n/g, " ");
      span.dataset.start = start; span.dataset.end = end;
      return span;
    }));
  }
  function go(i) {
    i = Math.max(0, Math.min(beats.length - 1, i));
    index = i;
    const beat = beats[i];
    deck.dataset.index = String(i);
    deck.dataset.state = "playing";
    const player = players.find(p => p.dataset.beat === String(i)) ||
      players.find(p => !p.classList.contains("front")) || players[0];
    for (const p of players) if (p !== player) p.pause();
    load(player, i);
    const start = () => {
      if (index !== i) return;
      player.currentTime = 0;
      front(player);
      player.muted = !sound;
      player.play().catch(() => { deck.dataset.state = "paused"; });
      const other = players.find(p => p !== player);
      if (other && i + 1 < beats.length) load(other, i + 1);
    };
    if (player.readyState >= 2) start();
    else player.addEventListener("loadeddata", start, { once: true });
    showCaption(i);
    where.innerHTML = "";
    const scene = document.createElement("b");
    scene.textContent = beat.scene_title;
    where.append(scene, ` · ${beat.title}  (scene ${beat.scene_number} of ${data.scenes}: ` +
      `${beat.scene})`);
    count.textContent = `beat ${i + 1} of ${beats.length}`;
    bar.style.width = `${100 * (i + 1) / beats.length}%`;
    hint.textContent = i + 1 < beats.length ? "→ next beat" : "end of the chapter";
    if (location.protocol !== "about:") history.replaceState(null, "", `#${i + 1}`);
  }
  for (const p of players) {
    p.addEventListener("error", () => {
      if (p.dataset.beat !== String(index)) return;
      deck.dataset.state = "error";
      caption.textContent = `This beat's clip did not load: ${beats[index].src}`;
    });
    p.addEventListener("ended", () => {
      if (p.classList.contains("front")) deck.dataset.state = "paused";
    });
    p.addEventListener("timeupdate", () => {
      if (!p.classList.contains("front")) return;
      // the cue being said: the last one begun (it stays lit when the beat pauses)
      const spans = [...caption.children];
      const t = p.currentTime + 0.05;
      const now = spans.filter(span => +span.dataset.start <= t).pop();
      for (const span of spans) span.classList.toggle("now", span === now);
    });
  }
  const next = () => go(index + 1);
  const back = () => go(index - 1);
  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else deck.requestFullscreen().catch(() => {});
  }
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const keys = {
      ArrowRight: next, " ": next, PageDown: next, Enter: next,
      ArrowLeft: back, PageUp: back, Backspace: back,
      Home: () => go(0), End: () => go(beats.length - 1), f: fullscreen, F: fullscreen,
      r: () => go(index),
    };
    const action = keys[e.key];
    if (action) { e.preventDefault(); action(); }
  });
  document.getElementById("stage").addEventListener("click", next);
  for (const [id, action] of [["next", next], ["back", back], ["full", fullscreen]]) {
    // a button keeps no focus, or space and Enter would press it besides the keys' own step
    document.getElementById(id).addEventListener("click", (e) => {
      e.currentTarget.blur(); action();
    });
  }
  const asked = parseInt(location.hash.slice(1), 10);
  go(Number.isFinite(asked) ? asked - 1 : 0);
})();
"""


def deck_html(title: str, beats: list[Beat], page_dir: Path, gallery: Path | None) -> str:
    """One chapter's deck: the data inline, the clips by relative path."""
    scenes = list(dict.fromkeys(b.scene for b in beats))
    data = {
        "title": title,
        "scenes": len(scenes),
        "beats": [{
            "scene": b.scene, "scene_title": b.scene_title,
            "scene_number": scenes.index(b.scene) + 1, "name": b.name, "title": b.title,
            "src": _href(b.clip, page_dir), "duration": round(b.duration, 3),
            "cues": [[c.start, c.end, c.text] for c in b.cues],
        } for b in beats],
    }
    back = (f'<a href="{_href(gallery, page_dir)}">gallery</a>' if gallery else "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>{_esc(title)}</title>
<style>{_theme_css()}{_BASE_CSS}{_DECK_CSS}</style></head>
<body>
<main id="deck" data-index="-1" data-state="loading" data-count="{len(beats)}">
<div id="stage" title="click: next beat">
<video muted playsinline preload="auto"></video><video muted playsinline preload="auto"></video>
<div id="hint"></div></div>
<div id="caption" aria-live="polite"></div>
<div id="bar"><div></div></div>
<footer><span class="where" id="where"></span><span id="count"></span>
<button id="back" title="previous beat (←)">←</button>
<button id="next" title="next beat (→, space, click)">→</button>
<button id="full" title="fullscreen (f)">f</button>{back}</footer>
</main>
<noscript>This deck needs JavaScript; the clips are in the sections/ folders.</noscript>
<script type="application/json" id="deck-data">{_json_for_script(data)}</script>
<script>{_DECK_JS}</script>
</body></html>
"""


# --- builders -------------------------------------------------------------------------------------
def _say(text: str) -> None:
    print(text, flush=True)


def _chapters(chapters: list[ChapterInfo] | None) -> list[ChapterInfo]:
    return course() if chapters is None else chapters


_noted: set[Path] = set()  # videos already said to have no manifest


def _manifest_of(render: Render, how: str) -> Manifest | None:
    """The render's manifest; for a render made before manifests were written, one line
    saying so and how to render it again (``how``: ``make ch3``), once per video."""
    m = render.manifest
    if m is None and render.video not in _noted:
        _noted.add(render.video)
        _say(missing_note(render.video, how))
    return m


def _with_beats(base: Path, stem: str, quality: str | None, variant: str | None,
                how: str) -> Render | None:
    """The render of ``stem`` a deck or stills use: ``variant``'s (default: the
    defaults'), with a clip per beat as its manifest lists them, at ``quality`` if
    there, else the best one."""
    renders = [r for r in renders_of(base, stem) if r.variant == (variant or None)]
    return pick([r for r in renders if _manifest_of(r, how) and r.clips()], quality, variant)


def _chapter_renders(media_dir: Path, ch: ChapterInfo, quality: str | None,
                     variant: str | None) -> tuple[list[Render], list[str]]:
    """The renders of the chapter's scenes a deck, a handout or stills use
    (:func:`_with_beats`), in order, and the names of the scenes that have none."""
    renders, missing = [], []
    for name in ch.scenes:
        render = _with_beats(Path(media_dir) / "videos" / ch.module, name, quality, variant,
                             f"make {ch.slug}")
        if render is None:
            missing.append(name)
        else:
            renders.append(render)
    return renders, missing


def deck_path(media_dir: Path, ch: ChapterInfo, variant: str | None = None) -> Path:
    """``slides/chN.html``, or ``slides/chN-<variant>.html`` for a variant's renders."""
    return Path(media_dir) / "slides" / f"{ch.slug}{'-' + variant if variant else ''}.html"


def build_slides(media_dir: Path, quality: str | None = "l",
                 chapters: list[ChapterInfo] | None = None,
                 link_gallery: bool | None = None, variant: str | None = None) -> list[Path]:
    """``<media_dir>/slides/chN.html`` (``chN-<variant>.html`` from a variant's renders)
    for every chapter with rendered sections; says which scenes are missing. A deck
    links the gallery if ``link_gallery`` (default: if ``index.html`` is there). Returns
    the decks written."""
    media_dir = Path(media_dir)
    out_dir = media_dir / "slides"
    index = media_dir / "index.html"
    if link_gallery is None:
        link_gallery = index.is_file()
    written = []
    for ch in _chapters(chapters):
        renders, missing = _chapter_renders(media_dir, ch, quality, variant)
        beats = [beat for render in renders for beat in beats_of(render)]
        deck = deck_path(media_dir, ch, variant)
        if not beats:
            deck.unlink(missing_ok=True)
            if ch.scenes:
                _say(f"chapter {ch.number}: nothing rendered with sections yet "
                     f"(make {ch.slug})")
            continue
        out_dir.mkdir(parents=True, exist_ok=True)
        title = f"Chapter {ch.number} · {ch.title}{f' ({variant})' if variant else ''}"
        deck.write_text(deck_html(title, beats, out_dir, index if link_gallery else None),
                        encoding="utf-8")
        written.append(deck)
        note = f"; missing: {', '.join(missing)} (make {ch.slug})" if missing else ""
        _say(f"deck: {deck} ({len(beats)} beats){note}")
    return written


def _stills(render: Render, folder: Path) -> list[tuple[Beat, Path]]:
    """Each beat of ``render`` with a PNG of its last frame in ``folder`` (drawn again
    only when its clip is newer)."""
    return [(beat, still(beat.clip, folder)) for beat in beats_of(render)]


def _stills_folder(media_dir: Path, ch: ChapterInfo, render: Render,
                   variant: str | None) -> Path:
    return (Path(media_dir) / "stills" / ch.module / render.quality / (variant or "")
            / render.stem)


def build_stills(media_dir: Path, quality: str | None = "l",
                 chapters: list[ChapterInfo] | None = None,
                 variant: str | None = None) -> list[Path]:
    """A PNG of each beat's last frame:
    ``<media_dir>/stills/<module>/<quality>[/<variant>]/<Scene>/<Scene>_0003_<beat>.png``.
    """
    media_dir = Path(media_dir)
    written = []
    for ch in _chapters(chapters):
        renders, missing = _chapter_renders(media_dir, ch, quality, variant)
        for name in missing:
            _say(f"stills: {ch.module} {name} has no rendered sections (make {ch.slug})")
        for render in renders:
            written += [png for _, png in _stills(render, _stills_folder(media_dir, ch, render,
                                                                          variant))]
    if written:
        _say(f"stills: {len(written)} PNGs under {media_dir / 'stills'}/")
    return written


# --- lecture files for office suites: a PowerPoint deck, a PDF handout ----------------------
def office_path(media_dir: Path, kind: str, ch: ChapterInfo, variant: str | None = None) -> Path:
    """``slides/chN.pptx`` or ``handouts/chN.pdf`` (``chN-<variant>`` for a variant's)."""
    folder, ext = {"pptx": ("slides", ".pptx"), "handouts": ("handouts", ".pdf")}[kind]
    return Path(media_dir) / folder / f"{ch.slug}{'-' + variant if variant else ''}{ext}"


def build_office(media_dir: Path, kind: str, quality: str | None = "l",
                 chapters: list[ChapterInfo] | None = None, variant: str | None = None,
                 paper: str = "a4") -> list[Path]:
    """A PowerPoint deck (``kind`` ``pptx``: ``<media_dir>/slides/chN.pptx``) or a PDF
    handout (``handouts``: ``<media_dir>/handouts/chN.pdf`` on ``paper``) per chapter
    with rendered sections, from ``variant``'s renders; says which scenes are missing.
    Returns the files written."""
    from pipeline.office import beat_slides, write_deck, write_handout

    media_dir = Path(media_dir)
    written = []
    for ch in _chapters(chapters):
        stills, outline, aspect = [], [], None
        renders, missing = _chapter_renders(media_dir, ch, quality, variant)
        for render in renders:
            slides = beat_slides(render.video, _stills_folder(media_dir, ch, render, variant),
                                 f"Chapter {ch.number}")
            stills += slides
            outline.append((render.manifest.title, [s.beat for s in slides]))
            aspect = aspect or render.manifest.variant.aspect
        target = office_path(media_dir, kind, ch, variant)
        if not stills:
            if ch.scenes:
                _say(f"chapter {ch.number}: nothing rendered with sections yet "
                     f"(make {ch.slug})")
            continue
        title = f"Chapter {ch.number} · {ch.title}{f' ({variant})' if variant else ''}"
        slides = stills
        if kind == "pptx":
            write_deck(target, title, slides, aspect)
        else:
            write_handout(target, title, outline, slides, paper)
        written.append(target)
        note = f"; missing: {', '.join(missing)} (make {ch.slug})" if missing else ""
        size = target.stat().st_size / 1e6
        _say(f"{'deck' if kind == 'pptx' else 'handout'}: {target} ({len(slides)} beats, "
             f"{size:.1f} MB){note}")
    return written


_GALLERY_CSS = """
body{padding:0 4vw 4em;line-height:1.4}
header{padding:1.6em 0 .4em}h1{margin:0;font-weight:normal}
header p{color:var(--muted);margin:.3em 0}
nav{display:flex;flex-wrap:wrap;gap:.4em 1.2em;margin:.8em 0 0;font-size:.95em}
h2{font-weight:normal;border-bottom:1px solid var(--grid);padding-bottom:.3em;margin:2em 0 .8em}
h2 small{color:var(--muted);font-size:.6em;margin-left:1em}
.deck{display:inline-block;margin-left:.8em;font-size:.6em;border:1px solid var(--positive);
  border-radius:4px;padding:.1em .6em;text-decoration:none;vertical-align:middle}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1.4em}
.card{background:rgba(255,255,255,.035);border:1px solid var(--grid);border-radius:6px;
  overflow:hidden}
.card video,.card img{display:block;width:100%;aspect-ratio:16/9;background:#000}
.card .body{padding:.6em .9em .8em}
.card h3{margin:0;font-size:1.05em;font-weight:normal}
.meta{color:var(--muted);font-size:.85em;margin:.2em 0 .4em}
.meta code{color:var(--axis)}
.files{font-size:.85em;margin:0;padding:0;list-style:none}
.files li{margin:.15em 0}.files span{color:var(--muted);display:inline-block;min-width:9em}
.missing{color:var(--negative);font-size:.9em}
"""


def _card(render: Render | None, renders: list[Render], name: str,
          media_dir: Path, poster_path: Path | None, how: str) -> str:
    """A scene's card: poster, player with its WebVTT track, title and length (from the
    video's manifest), every file."""
    if render is None:
        return (f'<article class="card"><div class="body"><h3>{_esc(name)}</h3>'
                f'<p class="meta"><code>{_esc(name)}</code></p>'
                f'<p class="missing">not rendered yet: {_esc(how)}</p></div></article>')
    page = media_dir
    assert poster_path is not None
    image = poster(render, poster_path)
    player = render.player
    m = _manifest_of(render, how)
    # an older render without a manifest still plays: its file's name and length
    title, seconds = (m.title, m.length) if m else (name, video_seconds(render.video))
    if player is not None:
        track = ""
        if render.srt:
            # inline: Chrome refuses a track file next to a page opened from file://
            # ("'file:' URLs are treated as unique security origins"), not a data: URL
            vtt = write_vtt(render.srt)
            inline = base64.b64encode(vtt.read_bytes()).decode("ascii")
            track = (f'<track kind="subtitles" srclang="en" label="English" default '
                     f'data-file="{_href(vtt, page)}" src="data:text/vtt;base64,{inline}">')
        media = (f'<video controls preload="metadata" poster="{_href(image, page)}" '
                 f'src="{_href(player, page)}">{track}</video>')
    else:
        media = f'<img src="{_href(image, page)}" alt="{_esc(title)}">'
    rows = []
    for r in renders:
        links = [f'<a href="{_href(path, page)}">{ext[1:]}</a>' for ext, path in r.files.items()]
        if r.srt:
            links.append(f'<a href="{_href(r.srt, page)}">srt</a>')
            links.append(f'<a href="{_href(write_vtt(r.srt), page)}">vtt</a>')
        rows.append(f'<li><span>{_esc(r.label)}</span>{" · ".join(links)}</li>')
    return (f'<article class="card" id="{_esc(name)}">{media}<div class="body">'
            f'<h3>{_esc(title)}</h3><p class="meta"><code>{_esc(name)}</code> · '
            f'{_duration(seconds)} · {_esc(render.label)}</p>'
            f'<ul class="files">{"".join(rows)}</ul></div></article>')


def build_gallery(media_dir: Path, quality: str | None = "l",
                  chapters: list[ChapterInfo] | None = None,
                  variant: str | None = None) -> Path:
    """``<media_dir>/index.html``: every chapter and scene with a poster, duration, a
    player with subtitles, links to every rendered file and the chapter's decks (built
    first); then the generator's videos (``<media_dir>/explain/``) as "Your networks".
    The players show ``variant``'s renders where there are some, else the defaults'."""
    media_dir = Path(media_dir)
    chapters = _chapters(chapters)
    build_slides(media_dir, quality, chapters, link_gallery=True, variant=variant)
    posters = media_dir / "gallery"
    sections, nav, missing = [], [], []
    for ch in chapters:
        anchor = ch.slug
        nav.append(f'<a href="#{anchor}">{ch.number}. {_esc(ch.title)}</a>')
        decks = [deck_path(media_dir, ch)] + sorted(
            (media_dir / "slides").glob(f"{ch.slug}-*.html"))
        deck_links = "".join(
            f'<a class="deck" href="{_href(deck, media_dir)}">present ▸ deck'
            f'{_esc(deck.stem.replace(ch.slug, "", 1).replace("-", " · ", 1))}</a>'
            for deck in decks if deck.is_file())
        cards, unrendered = [], []
        for name in ch.scenes:
            renders = renders_of(media_dir / "videos" / ch.module, name)
            render = pick(renders, quality, variant)
            if render is None:
                unrendered.append(name)
                cards.append(_card(None, [], name, media_dir, None, f"make {ch.slug}"))
                continue
            image = posters / ch.module / (
                f"{name}-{render.quality}{'-' + render.variant if render.variant else ''}"
                ".jpg")
            cards.append(_card(render, renders, name, media_dir, image, f"make {ch.slug}"))
        missing += unrendered
        if not ch.written:
            body = '<p class="missing">not written yet</p>'
        elif ch.scenes and len(unrendered) == len(ch.scenes):
            body = (f'<p class="missing">not rendered yet: make {ch.slug} '
                    f'<span class="meta">({_esc(", ".join(unrendered))})</span></p>')
        else:
            body = f'<div class="grid">{"".join(cards)}</div>'
        sections.append(f'<section id="{anchor}"><h2>Chapter {ch.number} · {_esc(ch.title)}'
                        f'<small>make {ch.slug}</small>{deck_links}</h2>{body}</section>')
    # the generator's renders: renders/explain/<quality>/<name>.<ext>
    explain = media_dir / "explain"
    stems = sorted({p.stem for q in (explain.iterdir() if explain.is_dir() else [])
                    if QUALITY_DIR.match(q.name) for p in q.iterdir()
                    if p.suffix in VIDEO_EXTS and not p.name.startswith(".")})
    if stems:
        cards = []
        for stem in stems:
            renders = [r for r in renders_of(explain, stem) if r.variant is None]
            render = pick(renders, quality)
            if render is not None:
                for r in renders:
                    for video in r.files.values():
                        embed_subtitles(video)
            image = posters / "explain" / f"{stem}-{render.quality}.jpg" if render else None
            cards.append(_card(render, renders, stem, media_dir, image,
                               "nnexplain render"))
        nav.append('<a href="#your-networks">Your networks</a>')
        sections.append('<section id="your-networks"><h2>Your networks'
                        '<small>nnexplain render</small></h2>'
                        f'<div class="grid">{"".join(cards)}</div></section>')
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>Neural networks, animated</title>
<style>{_theme_css()}{_BASE_CSS}{_GALLERY_CSS}</style></head>
<body>
<header><h1>Neural networks, animated</h1>
<p>Every chapter and scene as rendered here; a chapter's <em>deck</em> plays it beat by
beat for a lecture (→ / space / click next, ← back, f fullscreen).</p>
<nav>{"".join(nav)}</nav></header>
{"".join(sections)}
</body></html>
"""
    index = media_dir / "index.html"
    media_dir.mkdir(parents=True, exist_ok=True)
    index.write_text(page, encoding="utf-8")
    note = f"; not rendered yet: {', '.join(missing)}" if missing else ""
    _say(f"gallery: {index}{note}")
    return index


# --- command line ---------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media-dir", type=Path, default=ROOT / "renders",
                        help="where make renders (default: renders/)")
    parser.add_argument("--quality", default="l",
                        help="l|m|h|k or a folder name like 480p15: what decks and the "
                             "gallery's players use (default l; else the best rendered)")
    parser.add_argument("--variant", default="",
                        help="decks, stills and players from this variant's renders (a "
                             "PARAMS file's or theme's folder; default: the defaults)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("slides", help="a deck per chapter: <media-dir>/slides/chN.html")
    sub.add_parser("gallery", help="<media-dir>/index.html, and the decks it links")
    sub.add_parser("stills", help="a PNG of each beat's last frame: <media-dir>/stills/")
    sub.add_parser("pptx", help="a PowerPoint deck per chapter: <media-dir>/slides/chN.pptx")
    handouts = sub.add_parser("handouts",
                              help="a PDF handout per chapter: <media-dir>/handouts/chN.pdf")
    handouts.add_argument("--paper", default="a4", help="a4 (the default) or letter")
    vtt = sub.add_parser("vtt", help="WebVTT beside each .srt")
    vtt.add_argument("srt", nargs="+", type=Path)
    embed = sub.add_parser("embed", help="each .srt into its videos as a subtitle track")
    embed.add_argument("paths", nargs="+", type=Path, help="videos, or folders of them")
    args = parser.parse_args(argv)

    variant = args.variant.strip() or None
    try:
        return _run(args, variant, parser)
    except (ManifestError, OfficeError) as err:  # names the file and what is wrong
        print(f"error: {err}", file=sys.stderr, flush=True)
        return 1


def _run(args: argparse.Namespace, variant: str | None,
         parser: argparse.ArgumentParser) -> int:
    """Run the command ``args`` asks for."""
    if args.command == "slides":
        build_slides(args.media_dir, args.quality, variant=variant)
    elif args.command == "gallery":
        build_gallery(args.media_dir, args.quality, variant=variant)
    elif args.command == "stills":
        build_stills(args.media_dir, args.quality, variant=variant)
    elif args.command in ("pptx", "handouts"):
        build_office(args.media_dir, args.command, args.quality, variant=variant,
                     paper=getattr(args, "paper", "a4"))
    elif args.command == "vtt":
        for path in args.srt:
            if not path.is_file():
                parser.error(f"{path}: no such file")
            _say(str(write_vtt(path)))
    elif args.command == "embed":
        for path in args.paths:
            videos = ([p for p in sorted(path.iterdir()) if p.suffix in SUBTITLE_CODECS]
                      if path.is_dir() else [path])
            for video in videos:
                if embed_subtitles(video, force=True):
                    _say(f"subtitles in {video}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
