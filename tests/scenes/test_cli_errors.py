"""A bad NN_PARAMS through the ``manim`` command and ``make``: one line on stderr naming
the scene, the field and what was expected; a non-zero exit; no video written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIM = Path(sys.executable).with_name("manim")
SCENE_FILE = "scenes/ch03_linear_maps.py"
SCENE = "WeightMatrixAsTransform"

CASES = {
    "invalid JSON": ('{"matrix": [[0, 1]', r"NN_PARAMS is not valid JSON"),
    "unknown key": ('{"matrx": [[0, -1], [1, 0]]}',
                    "unknown parameter(s) matrx for WeightMatrixAsTransform; "
                    "expected some of: matrix, origin, transform_time"),
    "NaN": ('{"transform_time": NaN}',
            "WeightMatrixAsTransform.transform_time must be a finite number, got nan"),
    "string for a number": ('{"transform_time": "slow"}',
                            "WeightMatrixAsTransform.transform_time must be a finite number, "
                            "got 'slow'"),
    "wrong-length list": ('{"matrix": [[1, 2, 3], [4, 5, 6]]}',
                          "WeightMatrixAsTransform.matrix[0] must have 2 entries like "
                          "[1.0, 2.0], got 3"),
    "missing file": ("no/such/params.json",
                     "NN_PARAMS names 'no/such/params.json', which is neither JSON nor a file"),
}


def _env(params: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NN_PARAMS"] = params
    return env


def _videos(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.suffix in {".mp4", ".mov", ".webm", ".gif"}]


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_manim_cli_prints_one_line_and_fails(case, tmp_path):
    params, expected = CASES[case]
    done = subprocess.run(
        [str(MANIM), "-ql", "--media_dir", str(tmp_path), SCENE_FILE, SCENE],
        cwd=ROOT, env=_env(params), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "Traceback" not in done.stdout + done.stderr
    assert not _videos(tmp_path)


def test_a_bug_still_shows_its_traceback(tmp_path):
    """Without NN_PARAMS a ValueError in a scene is a bug: Manim's traceback stays."""
    code = (
        "from scenes.base import ChapterScene\n"
        "class Broken(ChapterScene):\n"
        "    chapter = 1\n"
        "    def prepare(self):\n"
        "        raise ValueError('a bug, not a user mistake')\n"
    )
    path = tmp_path / "broken.py"
    path.write_text(code)
    env = dict(os.environ)
    env.pop("NN_PARAMS", None)
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [str(MANIM), "-ql", "--media_dir", str(tmp_path / "media"), str(path), "Broken"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode != 0
    assert "a bug, not a user mistake" in done.stderr
    assert len(done.stderr.strip().splitlines()) > 1


def test_make_chapter_prints_the_line_and_fails(tmp_path):
    """``make ch3`` with a bad NN_PARAMS: the one line (for the chapter's first scene),
    make's own note, no stamp."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-B", "ch3", "QUALITY=l", f"MEDIA_DIR={tmp_path}"],
        cwd=ROOT, env=_env('{"no_such_field": 1}'), capture_output=True, text=True,
        timeout=300,
    )
    assert done.returncode != 0
    ours = [line for line in done.stderr.splitlines() if not line.startswith("make")]
    assert len(ours) == 1, done.stderr
    assert re.fullmatch(r"error: NN_PARAMS: unknown parameter\(s\) no_such_field for "
                        r"(WeightMatrixAsTransform|TransformGallery|LayerEquations); "
                        r"expected some of: .+", ours[0]), ours[0]
    assert not _videos(tmp_path)
    assert not list((tmp_path / ".stamps").glob("ch03_linear_maps.*"))


@pytest.mark.parametrize(("names", "expected"), [
    (["WeightMatrixAsTransfrom"], "error: no scene WeightMatrixAsTransfrom in ch03_linear_maps.py; "
                                  "scenes are: WeightMatrixAsTransform, TransformGallery, "
                                  "LayerEquations"),
    ([], "error: ch03_linear_maps.py has several scenes: name one, or pass -a for all; "
         "scenes are: WeightMatrixAsTransform, TransformGallery, LayerEquations"),
])
def test_a_wrong_scene_name_is_one_line_not_a_prompt(names, expected, tmp_path):
    env = dict(os.environ)
    env.pop("NN_PARAMS", None)
    done = subprocess.run(
        [str(MANIM), "-ql", "--media_dir", str(tmp_path), SCENE_FILE, *names],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == expected
    assert "Choice" not in done.stdout
