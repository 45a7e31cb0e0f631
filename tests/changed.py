"""``make check``: the inner loop's tests, chosen from what changed (under 90 s).

Always the math and the generator: nnmath, narrator and nnexplain (their tests and
doctests; not ``tests/nnexplain/test_render.py``, which renders every example end to
end, nor ``test_cluster.py``, which renders on a Dask cluster it starts: ``make test``
runs both). Then, from the files that differ from HEAD (or, on a branch,
from where it left ``main``), uncommitted and new files included:

- a chapter module ``scenes/chNN_*.py``: its tests ``tests/scenes/test_chNN*.py`` and
  ``test_words_chNN*.py`` and the smoke test of each of its scenes;
- any other file of ``scenes/`` (the base, components, theme, layout check, ...) or of
  ``pipeline/``: the smoke test of every scene (each built once, a dry run);
- a test file: that file.

``python -m tests.changed [pytest options]`` runs pytest on them; ``--list`` prints the
selection instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALWAYS = ["tests/nnmath", "nnmath", "narrator", "tests/nnexplain", "nnexplain",
          "--ignore=tests/nnexplain/test_render.py", "--ignore=tests/nnexplain/test_cluster.py"]
SMOKE = "tests/scenes/test_smoke.py"


def changed_files() -> list[str]:
    """Paths (from the project root) that differ from HEAD, or from the point a branch
    left ``main``, plus files git does not know yet."""
    def git(*args: str) -> list[str]:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.split() if done.returncode == 0 else []

    base = "HEAD"
    if git("rev-parse", "--abbrev-ref", "HEAD") != ["main"] and git("rev-parse", "main"):
        base = (git("merge-base", "HEAD", "main") or ["HEAD"])[0]
    files = git("diff", "--name-only", base) + git("ls-files", "--others",
                                                   "--exclude-standard")
    return sorted(set(files))


def _chapter_tests(number: int) -> list[str]:
    """The test files named after chapter ``number`` alone (test_ch06*.py,
    test_words_ch06.py), not those of a range of chapters (test_words_ch01_05.py)."""
    found = []
    for path in sorted((ROOT / "tests" / "scenes").glob("test_*ch*.py")):
        match = re.fullmatch(r"test_(?:words_)?ch(\d\d)(_[a-z]\w*)?", path.stem)
        if match and int(match.group(1)) == number:
            found.append(str(path.relative_to(ROOT)))
    return found


def _smoke(scene_names: list[str]) -> list[str]:
    return [f"{SMOKE}::test_scene_builds[{name}]" for name in scene_names]


def selection(files: list[str]) -> list[str]:
    """The pytest arguments for ``files`` changed (see the module's docstring)."""
    sys.path.insert(0, str(ROOT))
    from scenes.chapters import CHAPTERS, scene_names

    chosen: list[str] = list(ALWAYS)
    every_scene = [name for ch in CHAPTERS for name in scene_names(ch)]
    for name in files:
        path = Path(name)
        chapter = next((ch for ch in CHAPTERS if path == Path("scenes", f"{ch.module}.py")),
                       None)
        if chapter is not None:
            chosen += _chapter_tests(chapter.number) + _smoke(scene_names(chapter))
        elif path.suffix == ".py" and path.parts[0] in ("scenes", "pipeline"):
            chosen += _smoke(every_scene)
        elif path.parts[0] == "tests" and path.name.startswith("test_") \
                and path.suffix == ".py" and (ROOT / path).is_file():
            chosen.append(name)
    return list(dict.fromkeys(chosen))


def main(argv: list[str]) -> int:
    chosen = selection(changed_files())
    if "--list" in argv:
        print("\n".join(chosen))
        return 0
    command = [sys.executable, "-m", "pytest", *argv, *chosen]
    print("pytest", " ".join(argv), f"({len(chosen) - len(ALWAYS)} for what changed)",
          flush=True)
    os.chdir(ROOT)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
