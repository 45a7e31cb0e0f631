"""The nnexplain command, run as a lecturer runs it (a subprocess in a scratch folder):
good specs get a line each, a bad one gets one line on stderr and exit status 2."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from nnexplain import EXAMPLE, cli
from tests.nnexplain import base, write_spec


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnexplain", *args], cwd=folder,
                          capture_output=True, text=True, timeout=120)


def assert_refused(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit 2, exactly one stderr line starting 'error: ', no traceback; the line."""
    assert result.returncode == 2, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def quick(**changes) -> dict:
    doc = base()
    del doc["train"]
    doc["data"].update(changes)
    return doc


def test_validate_good_specs(tmp_path):
    write_spec(tmp_path, base(), "moons.toml")
    square = base()
    del square["train"], square["render"]
    square["data"] = {"kind": "square", "n": 30}
    write_spec(tmp_path, square, "square.toml")
    result = run(tmp_path, "validate", "moons.toml", "square.toml")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("moons.toml: ok — 2-3-2 network (relu, sigmoid), 60 moons "
                               "points, trained 2 epochs: ")
    assert lines[0].endswith(" % right, 2 stages")
    assert lines[1] == "square.toml: ok — 2-3-2 network (relu, sigmoid), 30 square points, " \
                       "6 stages"


def test_validate_stops_at_the_first_bad_spec(tmp_path):
    write_spec(tmp_path, base(), "good.toml")
    doc = base()
    doc["network"]["activation"] = doc["network"].pop("activations")
    write_spec(tmp_path, doc, "bad.toml")
    write_spec(tmp_path, "not toml at all", "worse.toml")
    result = run(tmp_path, "validate", "good.toml", "bad.toml", "worse.toml")
    line = assert_refused(result, "error: bad.toml: network.activation: unknown key "
                          "'activation' in [network]; did you mean 'activations'?")
    assert "worse" not in line
    assert result.stdout.startswith("good.toml: ok")


@pytest.mark.parametrize(("setup", "fragments"), [
    (lambda p: None, ("missing.toml", "no such file")),
    (lambda p: (p / "missing.toml").mkdir(), ("missing.toml", "is a folder")),
    (lambda p: (p / "missing.toml").write_bytes(b"\xff\xfe"), ("is not UTF-8",)),
    (lambda p: (p / "missing.toml").write_text(""), ("the file is empty",)),
    (lambda p: (p / "missing.toml").write_text("[network\n"), ("line 1",)),
])
def test_validate_unreadable_files(tmp_path, monkeypatch, capsys, setup, fragments):
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "missing.toml"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: missing.toml: ") and err.count("\n") == 1
    for fragment in fragments:
        assert fragment in err


def test_validate_a_missing_file_in_a_subprocess(tmp_path):
    assert_refused(run(tmp_path, "validate", "missing.toml"),
                   "error: missing.toml: no such file; expected a TOML spec file")


def test_validate_a_bad_weights_file_and_csv(tmp_path):
    (tmp_path / "w.npz").write_text("not numpy")
    doc = quick()
    doc["network"] = {"sizes": [2, 3, 2], "activations": ["relu", "sigmoid"], "weights": "w.npz"}
    write_spec(tmp_path, doc)
    assert_refused(run(tmp_path, "validate", "spec.toml"), "network.weights",
                   "not an .npz archive")
    (tmp_path / "p.csv").write_text("x,y\n1,two\n")
    doc = quick()
    doc["data"] = {"kind": "csv", "path": "p.csv"}
    write_spec(tmp_path, doc)
    assert_refused(run(tmp_path, "validate", "spec.toml"), "data.path",
                   "line 2, column 2: 'two' is not a number")


def test_validate_does_not_import_manim(tmp_path):
    path = write_spec(tmp_path, base())
    code = ("import sys; from nnexplain.cli import main; "
            "assert main(['example']) == 0 and 'nnmath' not in sys.modules; "
            f"assert main(['validate', {str(path)!r}]) == 0; "
            "assert not any(m == 'manim' or m.startswith('manim.') for m in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_example_round_trip(tmp_path):
    result = run(tmp_path, "example")
    assert result.returncode == 0 and result.stdout == EXAMPLE and result.stderr == ""
    (tmp_path / "mine.toml").write_text(result.stdout)
    checked = run(tmp_path, "validate", "mine.toml")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("mine.toml: ok — 2-3-2-1 network (tanh, tanh, sigmoid), "
                                     "1000 moons points, trained 100 epochs")


def test_render_refuses_a_bad_spec_and_writes_nothing(tmp_path):
    write_spec(tmp_path, base(), "good.toml")
    doc = base()
    doc["data"]["n"] = 0
    write_spec(tmp_path, doc, "bad.toml")
    result = run(tmp_path, "render", "good.toml", "bad.toml", "--out", "videos", "-j", "2")
    assert_refused(result, "bad.toml: data.n:")
    assert not (tmp_path / "videos").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml", "good.toml"]


def test_render_refuses_two_specs_of_one_name(tmp_path):
    (tmp_path / "a").mkdir()
    write_spec(tmp_path, base(), "moons.toml")
    write_spec(tmp_path / "a", base(), "moons.toml")
    result = run(tmp_path, "render", "moons.toml", "a/moons.toml", "--out", "videos")
    assert_refused(result, "moons.toml and a/moons.toml would both render as 'moons'")
    assert not (tmp_path / "videos").exists()


def test_render_refuses_zero_jobs(tmp_path):
    write_spec(tmp_path, base())
    result = run(tmp_path, "render", "spec.toml", "-j", "0", "--out", "videos")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument -j/--jobs: jobs must be a whole number >= 1" in result.stderr
    assert not (tmp_path / "videos").exists()


@pytest.mark.parametrize("jobs", ["-1", "two", "1.5", ""])
def test_render_refuses_other_bad_job_counts(tmp_path, capsys, jobs):
    with pytest.raises(SystemExit) as info:
        cli.main(["render", str(write_spec(tmp_path, base())), "-j", jobs])
    assert info.value.code == 2
    assert f"jobs must be a whole number >= 1 (how many renders at once), got {jobs!r}" \
        in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ("validate",), ("render",), ("render", "spec.toml", "--quality", "x"),
    ("render", "spec.toml", "--format", "avi"), ("validate", "spec.toml", "--bogus"),
    ("frobnicate",),
])
def test_usage_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as info:
        cli.main(list(args))
    assert info.value.code == 2 and "usage: nnexplain" in capsys.readouterr().err


def test_a_usage_error_in_a_subprocess(tmp_path):
    result = run(tmp_path, "validate")
    assert result.returncode == 2 and "usage: nnexplain validate" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_command_prints_help_and_exits_2(tmp_path):
    result = run(tmp_path)
    assert result.returncode == 2
    assert "nnexplain example > my-network.toml" in result.stderr
    assert "validate" in result.stderr and "render" in result.stderr


@pytest.mark.parametrize("command", ["validate", "example", "render"])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as info:
        cli.main([command, "--help"])
    assert info.value.code == 0 and "usage: nnexplain " + command in capsys.readouterr().out


def test_the_console_script_is_installed(tmp_path):
    script = Path(sys.executable).parent / "nnexplain"
    assert script.exists()
    result = subprocess.run([str(script), "example"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and result.stdout == EXAMPLE


NARRATED: list = []  # the narrate flag of each call to the fake renderer


SCHEDULERS: list = []  # what each fake render was asked to render on


def fake_render(monkeypatch, status: int = 0) -> list:
    """Stand in for nnexplain.render (written elsewhere); the calls it got."""
    calls: list = []
    NARRATED.clear()

    def render_specs(explained, *, quality, fmt, out, jobs, transparent=False, aspect=None,
                     narrate=False, written=None, scheduler=None, timeout=None):
        calls.append((explained, quality, fmt, out, jobs, transparent, aspect))
        SCHEDULERS.append((scheduler, timeout))
        NARRATED.append(narrate)
        return status

    monkeypatch.setitem(sys.modules, "nnexplain.render",
                        types.SimpleNamespace(render_specs=render_specs))
    return calls


def test_render_passes_checked_specs_to_the_renderer(tmp_path, monkeypatch):
    calls = fake_render(monkeypatch, status=3)
    one = write_spec(tmp_path, base(), "one.toml")
    two = write_spec(tmp_path, quick(), "two.toml")
    status = cli.main(["render", str(one), str(two), "-q", "m", "--format", "mov",
                       "--transparent", "--out", str(tmp_path / "v"), "-j", "3",
                       "--aspect", "4:3"])
    assert status == 3
    (explained, quality, fmt, out, jobs, transparent, aspect), = calls
    assert [e.spec.name for e in explained] == ["one", "two"]
    assert (quality, fmt, out, jobs, transparent, aspect) == (
        "m", "mov", tmp_path / "v", 3, True, "4:3")


def test_render_defaults(tmp_path, monkeypatch):
    calls = fake_render(monkeypatch)
    monkeypatch.chdir(tmp_path)
    write_spec(tmp_path, base())
    assert cli.main(["render", "spec.toml"]) == 0
    (_, quality, fmt, out, jobs, transparent, aspect), = calls
    assert SCHEDULERS[-1] == (None, None)  # here, unless --scheduler or NN_SCHEDULER says
    assert cli.main(["render", "spec.toml", "--scheduler", "tcp://10.0.0.2:8786"]) == 0
    assert SCHEDULERS[-1] == ("tcp://10.0.0.2:8786", None)
    assert cli.main(["render", "spec.toml", "--untrusted"]) == 0  # a time limit per spec
    assert SCHEDULERS[-1] == (None, cli.UNTRUSTED_TIMEOUT)
    assert cli.main(["render", "spec.toml", "--untrusted", "--timeout", "30"]) == 0
    assert SCHEDULERS[-1] == (None, 30.0)
    assert quality is None and fmt == "mp4" and out == Path("renders") and jobs >= 1
    assert not transparent and aspect is None  # NN_ASPECT's, else 16:9


def test_render_narrate_asks_for_a_voice(tmp_path, monkeypatch, capsys):
    from pipeline import narration

    calls = fake_render(monkeypatch)
    spec = write_spec(tmp_path, base())
    assert cli.main(["render", str(spec), "--narrate"]) == 0
    assert len(calls) == 1 and NARRATED == [True]

    def no_voice():
        raise narration.NarrationError("narration needs piper-tts; install it with X")

    monkeypatch.setattr(cli, "voice_files", no_voice)
    assert cli.main(["render", str(spec), "--narrate"]) == 2
    assert capsys.readouterr().err == "error: narration needs piper-tts; install it with X\n"
    assert len(calls) == 1  # nothing rendered


def test_render_refuses_an_unknown_aspect_in_one_line(tmp_path, monkeypatch, capsys):
    calls = fake_render(monkeypatch)
    spec = write_spec(tmp_path, base())
    monkeypatch.setenv("NN_ASPECT", "5:4")
    assert cli.main(["render", str(spec)]) == 2
    assert capsys.readouterr().err == ("error: NN_ASPECT: unknown aspect '5:4'; expected "
                                       "one of: 16:9, 4:3, 1:1, 9:16\n")
    assert calls == []


def test_render_checks_before_calling_the_renderer(tmp_path, monkeypatch, capsys):
    calls = fake_render(monkeypatch)
    doc = base()
    doc["render"]["quality"] = "z"
    path = write_spec(tmp_path, doc)
    assert cli.main(["render", str(path)]) == 2
    assert calls == []
    assert capsys.readouterr().err.startswith(f"error: {path}: render.quality: ")


def test_validate_refuses_a_model_it_cannot_read_in_one_line(tmp_path):
    """A file of another framework's format (here a .h5) or a truncated one: one line,
    exit status 2."""
    (tmp_path / "m.h5").write_bytes(b"\x89HDF\r\n\x1a\n")
    (tmp_path / "cut.onnx").write_bytes((Path(__file__).parent / "models" /
                                         "torch_seq.onnx").read_bytes()[:300])
    for name, fragment in (("m.h5", "m.h5 is a .h5 file; expected one of .onnx, .skops"),
                           ("cut.onnx", "cut.onnx is not a readable .onnx file")):
        (tmp_path / "s.toml").write_text(f'[network]\nweights = "{name}"\n'
                                         '[data]\nkind = "iris"\n')
        assert_refused(run(tmp_path, "validate", "s.toml"), "s.toml: network.weights:",
                       fragment)


def test_an_untrusted_spec_names_files_in_its_own_folder_only(tmp_path):
    """--untrusted: a weights or CSV path outside the spec's folder (by .. or by a link)
    is one line, exit 2, before the file is read; inside, it is used as usual."""
    import numpy as np

    np.savez(tmp_path / "w.npz", W1=np.eye(2), b1=np.zeros(2))
    students = tmp_path / "students"
    students.mkdir()
    (students / "linked.npz").symlink_to(tmp_path / "w.npz")
    for name, path in (("up", "../w.npz"), ("linked", "linked.npz"),
                       ("absolute", str(tmp_path / "w.npz"))):
        (students / f"{name}.toml").write_text(
            f'[network]\nsizes = [2, 2]\nactivations = ["relu"]\nweights = "{path}"\n'
            '[data]\nkind = "grid"\nn = 9\n')
        assert_refused(run(students, "validate", f"{name}.toml", "--untrusted"),
                       f"{name}.toml: network.weights: {path!r} lies outside the spec's folder")
        assert run(students, "validate", f"{name}.toml").returncode == 0  # trusted: fine
    (students / "points.csv").write_text("0,0\n1,1\n")
    (students / "own.toml").write_text('[network]\nsizes = [2, 2]\nactivations = ["relu"]\n'
                                       'seed = 0\n[data]\nkind = "csv"\npath = "points.csv"\n')
    assert run(students, "validate", "own.toml", "--untrusted").returncode == 0
