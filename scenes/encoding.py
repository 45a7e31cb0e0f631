"""A held frame is converted for the video once, not once per repeat, and no frame is
copied on its way to the encoder.

Manim 0.22 writes a ``wait`` (a frozen frame) as one frame repeated, and its
:class:`~manim.scene.video_segment_encoder.VideoSegmentEncoder` converts the RGBA
pixels to the codec's YUV for every repeat: at 1080p that conversion is a third of
the cost of a held frame (measured here: 18 ms a frame, 12 ms converted once). The
chapters hold frames for every subtitle to be read, so :func:`convert_held_frames_once`
replaces that one method with the same code that converts first and then encodes the
same picture ``repeat`` times (the bitstream is the same frames, the test compares
them). Importing this module changes nothing: :func:`scenes.base.start_scene` installs
it when a chapter scene is built, only on the Manim version it was written against;
any other version keeps its own method.

A narrated render's sound is encoded at the voice's own rate and channels
(:func:`encode_sound_as_recorded`): Manim 0.22 converts the scene's ``.wav`` to AAC
at the encoder's default 48 kHz stereo, resampling a mono 22.05 kHz voice to twice
its rate and channels first (2.5 s for a 75-second scene measured here, 0.8 s as
recorded).
"""

from __future__ import annotations

from fractions import Fraction

import av
import manim
from manim.scene import scene_file_writer
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = ["convert_held_frames_once", "encode_sound_as_recorded"]

_WRITTEN_FOR = "0.22."
_original = VideoSegmentEncoder.write_frame
_original_convert_audio = scene_file_writer.convert_audio


def _write_frame(self: VideoSegmentEncoder, pixels, *, repeat: int = 1) -> None:
    """Manim's ``write_frame``, converting the frame to the stream's pixel format once."""
    self._validate_frame(pixels, repeat)
    time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
    try:
        # the writer owns ``pixels`` (Manim's contract): wrap it, no copy (a 1080p frame
        # copied is 8 MB and about 8 ms)
        frame = (av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
                 if pixels.flags.c_contiguous else
                 av.VideoFrame.from_ndarray(pixels, format="rgba"))
        if repeat > 1:
            frame = frame.reformat(format=self.spec.pixel_format)
        for _ in range(repeat):
            frame.pts = self._next_pts
            frame.time_base = time_base
            self._next_pts += 1
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error


def convert_held_frames_once() -> bool:
    """Install the faster ``write_frame`` (again: no change); False (nothing changed)
    on another Manim."""
    if not manim.__version__.startswith(_WRITTEN_FOR):
        return False
    VideoSegmentEncoder.write_frame = _write_frame
    return True


def _convert_audio(input_path, output_path, codec_name: str) -> None:
    """Manim's ``convert_audio``, encoding AAC at the input's own rate and channels (Opus
    and Vorbis, for webm, as Manim does)."""
    with av.open(input_path) as source:
        sound = source.streams.audio[0]
        rate, layout = sound.rate, {1: "mono", 2: "stereo"}.get(sound.channels)
    if codec_name != "aac" or layout is None:
        _original_convert_audio(input_path, output_path, codec_name)
        return
    with av.open(input_path) as source, av.open(output_path, "w") as out:
        sound = source.streams.audio[0]
        stream = out.add_stream("aac", rate=rate)
        stream.layout = layout  # a .wav's "1 channels" is no layout the encoder opens
        for frame in source.decode(sound):
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def encode_sound_as_recorded() -> bool:
    """Install the ``convert_audio`` that keeps the sound's rate and channels (again: no
    change); False (nothing changed) on another Manim."""
    if not manim.__version__.startswith(_WRITTEN_FOR):
        return False
    scene_file_writer.convert_audio = _convert_audio
    return True
