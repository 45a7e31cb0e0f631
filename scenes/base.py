"""The chapter scene base: title card, one section per storyboard beat, subtitles.

A chapter scene is a short list of *beats*, methods marked with :func:`beat`, played
in the order they are written. For each beat the base opens a Manim section (so
``--save_sections`` writes one clip per beat) and every :meth:`StoryScene.say` line
becomes a subtitle that lasts until the next line or the end of the beat, so every
video gets an ``.srt`` beside it.

Example::

    class Hello(ChapterScene):
        chapter = 1  # in a chapter module (scenes/chNN_*.py) it is known already
        title = "Hello"

        @beat("A dot appears")
        def dot(self):
            self.say("This is a dot.")
            self.play(FadeIn(Dot()))

Scene parameters live in a frozen dataclass (``Params``, extending
:class:`scenes.params.SceneParams`) that the scene reads as ``self.params`` in
:meth:`StoryScene.prepare`; a lecturer overrides them with ``NN_PARAMS`` (see
:mod:`scenes.params`). A parameter that cannot be used stops a ``manim`` render
with one line on stderr that names the scene, the field and what was expected.

At the end of a render, :meth:`StoryScene.render` writes the video's manifest beside it
(``<Scene>.json``, :mod:`pipeline.manifest`): its beats with their clips and times, its
subtitle cues, its quality and variant, which decks and the gallery read.

What importing this module does: it defines the scenes' machinery and changes nothing
in Manim, with one exception. Under the ``manim`` command, Manim asks at its prompt
which scene to render right after it imports the scene file, before any scene is
built, so :func:`check_requested_scenes` runs at import: a scene name the file does not
have is one line on stderr and exit status 2 (see :mod:`scenes.manimcli`). Importing
:mod:`scenes.theme` reads ``NN_THEME`` likewise (see there). The rest happens when a
scene is built: :meth:`StoryScene.__init__` calls :func:`start_scene`, which installs
Manim's faster writer of held frames (:mod:`scenes.encoding`) and sizes the frame for
the aspect (a wrong ``NN_ASPECT``: one line and exit status 2 under ``manim``).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from manim import (
    DOWN,
    UL,
    UP,
    Animation,
    DefaultSectionType,
    FadeIn,
    FadeOut,
    Mobject,
    Scene,
    Text,
    ThreeDScene,
    VGroup,
    config,
)
from manim.camera.camera import Camera

from pipeline import manifest
from pipeline.aspect import DEFAULT_ASPECT, aspect_name, frame_size, pixel_size
from pipeline.facts import DEFAULT_FORMAT, container
from pipeline.narration import GAP, NarrationError, Speech, narration_on, speech, spoken_text
from pipeline.subtitles import cues
from pipeline.variants import variant_name
from pipeline.videofiles import parse_srt
from scenes.chapters import chapter, chapter_of_module, scene_names_in
from scenes.components.camera import CloudCamera, CloudCamera3D
from scenes.encoding import convert_held_frames_once, encode_sound_as_recorded
from scenes.layoutcheck import layout_problems
from scenes.manimcli import in_manim_command, refuse
from scenes.params import ParamsError, SceneParams, load_params
from scenes.svgcopy import faster_copies
from scenes.texcache import compile_into_shared_folder
from scenes.theme import THEME, Theme

__all__ = ["apply_aspect", "beat", "beat_call", "check_requested_scenes", "output_format",
           "progress", "start_scene", "ChapterScene", "ChapterScene3D", "StoryScene"]

_BEAT_ATTR = "_story_beat_title"


def beat(title: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a scene method as a storyboard beat titled ``title``."""

    def mark(method: Callable[..., None]) -> Callable[..., None]:
        setattr(method, _BEAT_ATTR, title)
        return method

    return mark


def beat_call(title: str, method: str, *args: Any) -> Callable[..., None]:
    """A beat titled ``title`` that calls ``self.<method>(*args)``: for the beats of a
    story that differ only in what they pass, e.g.
    ``relu_1 = beat_call("ReLU: the fold", "play_stage", "relu 1")``."""

    def play(self: Any) -> None:
        getattr(self, method)(*args)

    play.__doc__ = f"{title}: {method}{args!r}"
    return beat(title)(play)


def check_requested_scenes() -> None:
    """Under the ``manim`` command, a scene name the file does not have (or no name for
    a file of several scenes) is one line listing the valid names and exit status 2,
    instead of Manim's interactive ``Choice(s):`` prompt. Runs at import (the one thing
    that does; see the module's docstring): Manim prompts before any scene is built."""
    if not in_manim_command() or config.write_all or not config.input_file:
        return
    path = Path(config.input_file)
    if path.suffix != ".py" or not path.is_file():
        return
    valid = scene_names_in(path)
    asked = [name for name in config.scene_names if name]
    missing = [name for name in asked if name not in valid]
    if not valid or (asked and not missing) or (not asked and len(valid) == 1):
        return
    if missing:
        what = f"no scene {', '.join(missing)} in {path.name}"
    else:
        what = f"{path.name} has several scenes: name one, or pass -a for all"
    refuse(f"{what}; scenes are: {', '.join(valid)}")


check_requested_scenes()


def apply_aspect(aspect: str | None = None) -> str:
    """Size Manim's frame and pixels for ``aspect`` (default ``NN_ASPECT``, see
    :mod:`pipeline.aspect`; 16:9 leaves them as they are) and return the quality's folder
    name (``1080p60``).

    The short side keeps the quality's pixels; the frame holds the 16:9 composition
    whole, centred. Applying it twice changes nothing."""
    short = min(config.pixel_width, config.pixel_height)
    quality = f"{short}p{config.frame_rate:g}"
    name = aspect_name(aspect)
    if name != DEFAULT_ASPECT:
        config.pixel_width, config.pixel_height = pixel_size(name, short)
        config.frame_width, config.frame_height = frame_size(name)
    return quality


def start_scene(aspect: str | None = None) -> str:
    """What Manim needs before a chapter scene is built (:meth:`StoryScene.__init__`
    calls it; importing this module does not): the faster writer of held frames
    (:func:`scenes.encoding.convert_held_frames_once`: a wait costs a third less to
    encode; :func:`~scenes.encoding.encode_sound_as_recorded`: a narrated scene's sound
    encoded at the voice's rate, a third of the time), faster copies of mobjects
    (:func:`scenes.svgcopy.faster_copies`: plain data copied directly, a text's parsed
    glyphs shared; a scene builds in well under half the time),
    formulas compiled once in a LaTeX folder that renders share
    (:func:`scenes.texcache.compile_into_shared_folder`), and the frame sized for
    ``aspect`` (:func:`apply_aspect`). Returns the
    quality's folder name. Under the ``manim`` command an ``NN_ASPECT`` that is not an
    aspect is one line on stderr and exit status 2."""
    convert_held_frames_once()
    encode_sound_as_recorded()
    faster_copies()
    compile_into_shared_folder()
    try:
        return apply_aspect(aspect)
    except ValueError as err:
        if in_manim_command():
            refuse(str(err))
        raise


def output_format() -> str:
    """The container Manim writes: ``config.format``, with ``auto`` resolved as Manim
    does (mp4, or mov for a transparent render)."""
    fmt = str(config.format or "auto").lower()
    return container(DEFAULT_FORMAT, config.transparent) if fmt == "auto" else fmt


def progress(line: str) -> None:
    """A progress line for ``make``'s quiet output (``NN_PROGRESS`` set): see
    ``tools/render.py``, which shows these and sends everything else to the log."""
    if os.environ.get("NN_PROGRESS"):
        print(f"[nn] {line}", flush=True)


class StoryScene:
    """Mixin with the story machinery; use :class:`ChapterScene` or :class:`ChapterScene3D`.

    A scene sets ``title`` and ``Params`` and computes what it shows in :meth:`prepare`;
    ``chapter`` comes from the chapter table (:mod:`scenes.chapters`) by the scene's
    module, unless the class sets it.
    """

    chapter: ClassVar[int | None] = None
    title: ClassVar[str] = ""
    Params: ClassVar[type] = SceneParams
    theme: ClassVar[Theme] = THEME
    # the frame's shape ("4:3", ...; None: NN_ASPECT's, else 16:9)
    aspect: ClassVar[str | None] = None
    camera_class: ClassVar[type[Camera]] = CloudCamera

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.quality = quality = start_scene(self.aspect)  # "1080p60"
        # a render with parameters, another theme, a transparent background or another
        # aspect never overwrites the defaults: it lands in its variant's folder, under
        # the quality's usual name (1080p60 for a 1080x1920 render too)
        folders = self.output_folders(variant_name(transparent=config.transparent,
                                                   aspect=self.aspect))
        if folders is not None:
            config.video_dir, config.images_dir = (
                folder.replace("{quality}", quality) for folder in folders)
        fmt = output_format()
        if config.save_sections and fmt != "mp4":
            # the clips of a webm, mov or gif render (and their JSON index) beside the
            # mp4's sections/, not over them
            config.sections_dir = "{video_dir}/" + f"sections-{fmt}"
        kwargs.setdefault("camera_class", self.camera_class)
        super().__init__(*args, **kwargs)
        # A renderer handed in from outside (Manim's frames_comparison does so) comes
        # with Manim's own camera: give it ours.
        renderer = self.renderer  # type: ignore[attr-defined]
        if not isinstance(renderer.camera, self.camera_class):
            renderer.camera = self.camera_class()
        # (section name, start on the scene's clock), for the manifest; Manim opens the
        # first section itself
        self.section_starts: list[tuple[str, float]] = [("autocreated", 0.0)]

    @classmethod
    def output_folders(cls, variant: str | None) -> tuple[str, str] | None:
        """Manim's ``video_dir`` and ``images_dir`` for a render of ``variant``
        (:func:`pipeline.variants.variant_name`); ``None`` keeps Manim's own."""
        if variant is None:
            return None
        return ("{media_dir}/videos/{module_name}/{quality}/" + variant,
                "{media_dir}/images/{module_name}/" + variant)

    # --- beats ---------------------------------------------------------------
    @classmethod
    def beats(cls) -> list[tuple[str, str]]:
        """``(method name, beat title)`` pairs in story order."""
        seen: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                title = getattr(value, _BEAT_ATTR, None)
                if title is not None:
                    seen[name] = title
        return list(seen.items())

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(getattr(type(self), name, None), _BEAT_ATTR, None) is not None:
            raise AttributeError(
                f"{type(self).__name__}.{name} is a beat of the story; "
                "keep what it draws under another name"
            )
        super().__setattr__(name, value)

    @classmethod
    def chapter_number(cls) -> int:
        """The scene's chapter: ``chapter`` if the class sets it, else its module's."""
        if cls.chapter is not None:
            return cls.chapter
        # the class's own module, or that of the scene it extends (a test's subclass)
        numbers = (chapter_of_module(klass.__module__) for klass in cls.__mro__)
        number = next((n for n in numbers if n is not None), None)
        if number is None:
            raise ValueError(f"{cls.__name__} is not in a chapter module (scenes/chNN_*.py); "
                             "set chapter = N on the class")
        return number

    def setup(self) -> None:  # noqa: D401 - Manim hook
        super().setup()  # type: ignore[misc]
        self.camera.background_color = self.theme.background  # type: ignore[attr-defined]
        self._caption: tuple[str, float, Speech | None] | None = None
        self.header: Mobject | None = None
        self.layout_report: list[str] = []  # see scenes.layoutcheck
        self.narration = {"lines": 0, "synthesised": 0, "seconds": 0.0}  # NN_NARRATION
        self.script_lines: list[tuple[str, str]] = []  # (subtitle, voice text) of say()
        try:
            self.params = load_params(self.Params, owner=type(self).__name__)
            self.prepare()
        except ValueError as err:
            self._refuse(err)

    def prepare(self) -> None:
        """Compute what the scene shows from ``self.params`` (nnmath does the math).

        Raise :class:`~scenes.params.ParamsError` (or ValueError) for parameters whose
        picture cannot be drawn, with a message saying what was expected.
        """

    def _refuse(self, err: ValueError) -> None:
        """Through the ``manim`` command, a parameter mistake is one line on stderr and
        exit status 2 (no Rich traceback, no video); elsewhere the error is raised."""
        from_user = isinstance(err, ParamsError) or bool(os.environ.get("NN_PARAMS"))
        if not (from_user and in_manim_command()):
            raise err
        name = type(self).__name__
        refuse(str(err) if str(err).startswith(("NN_PARAMS", name)) else f"{name}: {err}")

    def construct(self) -> None:
        self.play_story()

    def play_story(self, until: str | None = None, title_card: bool = True) -> None:
        """Play the title card and every beat in order, stopping after beat ``until``."""
        names = [name for name, _ in self.beats()]
        if until is not None and until not in names:
            raise ValueError(f"{type(self).__name__} has no beat {until!r}; beats: {names}")
        started, scene, beats = time.perf_counter(), self.progress_name(), self.beats()
        if title_card:
            self.next_section("title")  # type: ignore[attr-defined]
            self.title_card()
        for k, (name, title) in enumerate(beats, start=1):
            progress(f"{scene:<26} beat {k}/{len(beats)}  {title:<40.40} "
                      f"{time.perf_counter() - started:6.1f} s")
            self.next_section(name)  # type: ignore[attr-defined]
            getattr(self, name)()
            self.wait(self.theme.beat_pause)  # a breath between beats; clips cut cleanly
            self.end_caption()
            # the beat's last frame: no two pieces of text overlap, none leaves the frame
            self.layout_report.extend(layout_problems(self, f"beat {name}"))
            if name == until:
                break
        if self.narration["lines"]:
            n = self.narration
            progress(f"{scene:<26} narration: {n['lines']} lines, {n['seconds']:.1f} s of "
                     f"speech, {n['synthesised']} synthesised now, the rest from the cache")
        progress(f"{scene:<26} done in {time.perf_counter() - started:.1f} s")

    def progress_name(self) -> str:
        """What progress lines call this render (the scene's class name)."""
        return type(self).__name__

    # --- the manifest beside the video ------------------------------------------------
    def next_section(self, name: str = "unnamed",
                     section_type: str = DefaultSectionType.NORMAL,
                     skip_animations: bool = False) -> None:
        """Manim's (a clip per section with ``--save_sections``), noting where on the
        scene's clock the section starts."""
        super().next_section(name, section_type, skip_animations)  # type: ignore[misc]
        self.section_starts.append((name, self.time))  # type: ignore[attr-defined]

    def render(self, preview: bool = False) -> bool:
        """Manim's render, then the video's manifest beside it (:meth:`write_manifest`)."""
        rerun = super().render(preview)  # type: ignore[misc]
        if not rerun:
            self.write_manifest()
        return rerun

    def video_title(self) -> str:
        """The title the video's title card shows (the manifest's ``title``)."""
        return self.title

    def section_title(self, name: str) -> str:
        """A section's title: its beat's, "Title" for the title card, else its name in
        words (a stage of the explainer: ``relu_1`` -> "Relu 1")."""
        if name == "title":
            return "Title"
        return dict(self.beats()).get(name) or name.replace("_", " ").capitalize()

    def write_manifest(self) -> Path | None:
        """Write ``<video>.json`` beside the video Manim just finished (atomically, see
        :func:`pipeline.manifest.write`) and return its path; None when no video was
        written (a dry run, a still)."""
        writer = self.renderer.file_writer  # type: ignore[attr-defined]
        spec = getattr(writer, "output_spec", None)
        if spec is None or not spec.is_video or not writer.movie_file_path.is_file():
            return None
        video = writer.movie_file_path
        path = manifest.manifest_path(video)
        try:
            earlier = manifest.load(path) if path.is_file() else None
        except manifest.ManifestError:
            earlier = None
        made = manifest.with_earlier_clips(self.build_manifest(), earlier, video.parent)
        return manifest.write(made, path)

    def build_manifest(self) -> manifest.Manifest:
        """What this render's video holds, from the scene and Manim's file writer: its
        sections (one clip each under ``sections/``) timed on the scene's clock, and the
        cues of the .srt Manim wrote beside the video."""
        writer = self.renderer.file_writer  # type: ignore[attr-defined]
        video = writer.movie_file_path
        now = float(self.time)  # type: ignore[attr-defined]
        ends = [start for _, start in self.section_starts[1:]] + [now]
        # Manim drops a section in which nothing played; so does the clock
        timed = [(name, start, end) for (name, start), end
                 in zip(self.section_starts, ends, strict=True) if end > start]
        sections = [s for s in writer.sections if not s.is_empty()]
        if [name for name, _, _ in timed] != [s.name for s in sections]:
            raise RuntimeError(f"{type(self).__name__}: the sections timed "
                               f"{[n for n, _, _ in timed]} are not Manim's "
                               f"{[s.name for s in sections]}")
        beats = tuple(
            manifest.Beat(name, self.section_title(name), round(start, 3), round(end, 3),
                          None if section.video is None else Path(os.path.relpath(
                              writer.sections_output_dir / section.video, video.parent)
                          ).as_posix())
            for (name, start, end), section in zip(timed, sections, strict=True))
        srt = writer.output_plan.subcaption_file
        said = parse_srt(srt.read_text(encoding="utf-8")) if writer.subcaptions else []
        number = self.chapter_number()
        return manifest.Manifest(
            chapter=number or None, scene=type(self).__name__, title=self.video_title(),
            video=video.name, quality=self.quality, variant=manifest.Variant(
                name=variant_name(transparent=config.transparent, aspect=self.aspect),
                params=dataclasses.asdict(self.params), theme=self.theme.name,
                aspect=aspect_name(self.aspect), narration=narration_on(),
                transparent=bool(config.transparent)),
            length=round(now, 3), beats=beats, cues=tuple(said))

    # --- subtitles -----------------------------------------------------------
    def say(self, text: str, spoken: str | None = None) -> None:
        """Start a subtitle; it lasts until the next ``say`` or the end of the beat.
        With ``NN_NARRATION=1`` the line is also spoken from here (:mod:`pipeline.narration`):
        ``spoken`` if given (a formula said in words where the subtitle writes symbols),
        else the subtitle as :func:`pipeline.narration.spoken_text` reads it. Every line
        is kept in ``self.script_lines`` as (subtitle, what the voice is given)."""
        self.end_caption()
        words = spoken_text(text if spoken is None else spoken)
        self.script_lines.append((text, words))
        voice = self._speak(words) if narration_on() else None
        self._caption = (text, self.time, voice)  # type: ignore[attr-defined]

    def _speak(self, text: str) -> Speech:
        """The line's speech (synthesised once, then cached), played from now."""
        try:
            spoken = speech(text, Path(config.media_dir) / "narration")
        except NarrationError as err:
            if in_manim_command():  # one line, no traceback: what to install
                refuse(str(err))
            raise
        self.add_sound(str(spoken.path))  # type: ignore[attr-defined]
        self.narration["lines"] += 1
        self.narration["synthesised"] += spoken.synthesised
        self.narration["seconds"] += spoken.seconds
        return spoken

    def end_caption(self) -> None:
        """Close the open subtitle: it stays up at least as long as it takes to read,
        shown as cues of at most two lines of 42 characters, one after another, each
        for its share of the time. A spoken line lasts at least its speech and a short
        gap, so the voice never runs into the next line, and its cues share the time in
        which the voice is heard (they fall inside the speech, a cut moved to where the voice
        starts again after a pause)."""
        if self._caption is None:
            return
        text, start, spoken = self._caption
        now = self.time  # type: ignore[attr-defined]
        reading = max(1.0, len(text) / self.theme.reading_speed)  # keep it up long enough
        if spoken is not None:
            reading = max(reading, spoken.seconds + GAP)
        if now - start < reading:
            self.wait(reading - (now - start))  # type: ignore[attr-defined]
            now = self.time  # type: ignore[attr-defined]
        shown = (start, now) if spoken is None else (start + spoken.voiced[0],
                                                     start + spoken.voiced[1])
        pauses = [] if spoken is None else [(start + a, start + b) for a, b in spoken.pauses]
        for cue, begin, end in cues(text, *shown, pauses=pauses):
            self.add_subcaption(cue, duration=end - begin, offset=begin - now)  # type: ignore[attr-defined]
        self._caption = None

    # --- furniture -----------------------------------------------------------
    def title_card(self) -> None:
        """Chapter and scene title, then a small header that stays in the corner."""
        th = self.theme
        number = self.chapter_number()
        kicker_text = f"Chapter {number} · {chapter(number).title}"
        kicker = Text(kicker_text, font=th.font, font_size=th.header_size, color=th.muted)
        name = Text(self.title, font=th.font, font_size=th.title_size, color=th.text)
        card = VGroup(kicker, name).arrange(DOWN, buff=0.35)
        stop = "" if self.title.endswith(("?", "!", ".")) else "."
        self.say(f"Chapter {number}: {self.title}{stop}")
        self.play(FadeIn(card, shift=0.2 * UP), run_time=0.8)  # type: ignore[attr-defined]
        self.wait(th.title_card_time - 0.8)  # type: ignore[attr-defined]
        self.header = Text(self.title, font=th.font, font_size=th.small_size, color=th.muted)
        self.header.to_corner(UL, buff=0.3)
        self.header.add_background_rectangle(color=th.background, opacity=0.85, buff=0.12)
        self.play(FadeOut(card), FadeIn(self.header), run_time=0.6)  # type: ignore[attr-defined]
        self.keep_header()
        self.end_caption()

    def keep_header(self) -> None:
        """Keep the header still and in front of everything added after it (an axis
        or a plane running up to the top edge passes under it, not over its card)."""
        self.fix_in_frame(self.header)
        self.add_foreground_mobject(self.header)  # type: ignore[attr-defined]

    def fix_in_frame(self, *mobjects: Mobject) -> None:
        """Keep mobjects still on screen (a no-op in 2D; fixed to the frame in 3D)."""

    def clear_stage(self, keep_header: bool = True, run_time: float = 0.6) -> None:
        """Fade out everything but the header."""
        gone = [m for m in self.mobjects if not (keep_header and m is self.header)]  # type: ignore[attr-defined]
        if gone:
            self.play(*(FadeOut(m) for m in gone), run_time=run_time)  # type: ignore[attr-defined]


class ChapterScene(StoryScene, Scene):
    """A 2D chapter scene."""

    def get_moving_mobjects(self, *animations: Animation) -> list[Mobject]:
        """What Cairo redraws every frame of a ``play``: everything from the first
        mobject that moves on (in drawing order); the rest is drawn once.

        Manim 0.22 starts at the first *ancestor* of a moving mobject, so lighting one
        neuron of a diagram redraws all its 672 edges sixty times a second. Here a
        group that draws nothing itself (a VGroup) does not move with its members;
        a mobject with points of its own does (it is redrawn with what moves inside
        it, as in Manim).
        """
        animated: set[Mobject] = set()
        pending = list(animations)
        while pending:
            animation = pending.pop()
            animated.update(animation.mobject.get_family())
            pending.extend(getattr(animation, "animations", []))  # AnimationGroup

        def itself(mob: Mobject) -> bool:
            return mob in animated or bool(mob.updaters) or mob in self.foreground_mobjects

        def moving(mob: Mobject) -> bool:
            return itself(mob) or (
                mob.has_points() and any(itself(m) for m in mob.get_family()[1:])
            )

        mobjects = self.get_mobject_family_members()
        first = next((i for i, mob in enumerate(mobjects) if moving(mob)), None)
        return [] if first is None else mobjects[first:]


class ChapterScene3D(StoryScene, ThreeDScene):
    """A 3D chapter scene; text added through :meth:`fix_in_frame` stays flat on screen.

    ``camera_class`` picks the camera (a 3D one of :mod:`scenes.components.camera`,
    e.g. :class:`~scenes.components.camera.AimedCamera`).
    """

    camera_class: ClassVar[type[Camera]] = CloudCamera3D

    def get_moving_mobjects(self, *animations: Animation) -> list[Mobject]:
        """What is redrawn every frame of a ``play``. While the camera moves, Manim's
        ThreeDScene redraws everything, the flat text fixed in the frame too (a formula
        and a card of matrices: most of a 3D frame's drawing). Text fixed in the frame
        that nothing animates looks the same whatever the camera does: it is drawn once,
        into the picture the moving things are drawn over (flat text sits beside the 3D
        picture, so the order of the two does not show)."""
        moving = super().get_moving_mobjects(*animations)
        self._all_moving = None
        if len(moving) != len(self.mobjects):  # the camera stands still: Manim's own rule
            return moving
        fixed = self.renderer.camera.fixed_in_frame_mobjects
        if not fixed:
            return moving
        self._all_moving = moving  # for a frame drawn after the play (see play_internal)
        animated: set[Mobject] = set()
        pending = list(animations)
        while pending:
            animation = pending.pop()
            animated.update(animation.mobject.get_family())
            pending.extend(getattr(animation, "animations", []))

        def still(mob: Mobject) -> bool:
            return all(m in fixed and m not in animated and not m.updaters
                       for m in mob.get_family())

        return [mob for mob in moving if not still(mob)]

    def play_internal(self, skip_rendering: bool = False) -> None:
        """Manim's, then the moving mobjects are all of them again: a frame drawn after
        the play from them alone (Manim's frame tests draw their last frame so, without
        the picture of the still ones) must not lose the text kept still."""
        super().play_internal(skip_rendering)
        if getattr(self, "_all_moving", None) is not None:
            self.moving_mobjects = self._all_moving

    def fix_in_frame(self, *mobjects: Mobject) -> None:
        self.add_fixed_in_frame_mobjects(*mobjects)

    def fix_unshown(self, *mobjects: Mobject) -> None:
        """Fix mobjects to the frame without adding them yet (``fix_in_frame`` shows
        them at once, before their FadeIn)."""
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)

    def keep_facing_camera(self, *mobjects: Mobject) -> None:
        """Keep mobjects flat towards the camera (they still move with their 3D
        position), without adding them: a later FadeIn really fades them in."""
        self.renderer.camera.add_fixed_orientation_mobjects(*mobjects)
