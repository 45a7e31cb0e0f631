"""The presenting tools live in tools/ (run as scripts): make ``import lecture`` work.
And one real chapter render that the lecture and manifest tests share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

# a chapter module of one short scene: two beats, the second said in two cues
TINY = '''
from manim import RIGHT, Dot, FadeIn, Square

from scenes.base import ChapterScene, beat


class Tiny(ChapterScene):
    chapter = 1
    title = "Tiny"

    @beat("A dot")
    def dot(self):
        self.say("A dot.")
        self.play(FadeIn(Dot()), run_time=0.3)

    @beat("A square")
    def square(self):
        self.say("A square appears beside the dot, and it stays there until the very "
                 "end of the scene.")
        self.play(FadeIn(Square().shift(2 * RIGHT)), run_time=0.3)
'''


@pytest.fixture(scope="session")
def tiny_chapter(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """``tools/render.py`` run on the TINY chapter at 480p15, as ``make chN`` runs it:
    the folder its finished files are in, and the finished process."""
    tmp = tmp_path_factory.mktemp("tiny-chapter")
    module = tmp / "tiny_lecture.py"
    module.write_text(TINY)
    done = subprocess.run(
        [sys.executable, str(TOOLS / "render.py"), str(module), "--quality", "l",
         "--media-dir", str(tmp / "media"), "--jobs", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    return tmp / "media" / "videos" / "tiny_lecture" / "480p15", done
