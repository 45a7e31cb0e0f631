"""The ``nnexplain`` command: check your network spec, print an example, render the video.

::

    nnexplain example > my-network.toml       a commented spec to start from
    nnexplain validate my-network.toml        check it: one line per spec, fast
    nnexplain render my-network.toml -q m     the video, in renders/

A spec that cannot be used prints one line to stderr, ``error: <file>: <field>: <what is
wrong>; expected <what>``, and the command exits with status 2 having written nothing.
``validate`` and ``example`` never import manim.

Example:
    >>> main(["example"]) == 0  # doctest: +ELLIPSIS
    # A spec for `nnexplain`...
    True
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.aspect import ASPECTS, aspect_name
from pipeline.facts import QUALITIES, spec_name
from pipeline.jobs import positive_int
from pipeline.narration import NarrationError, voice_files

from .compute import Explained
from .errors import SpecError
from .spec import EXAMPLE, check

__all__ = ["main", "summary"]

FORMATS = ("mp4", "webm", "gif", "mov")

_DESCRIPTION = """\
Explain your own small neural network in a video: the points you choose flow through it
stage by stage (W x, then + b, then the activation), one point cloud morphing into the next.

You describe the network and the points in a TOML file (a "spec"). Start from the example:

  nnexplain example > my-network.toml     write a commented example spec
  nnexplain validate my-network.toml      check it (fast; trains if the spec says so)
  nnexplain render my-network.toml        make the video (in renders/)
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnexplain",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'nnexplain COMMAND --help' for the options of one command.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    validate = commands.add_parser(
        "validate",
        help="check spec files: reads the weights or CSV and trains, draws nothing",
        description="Check spec files completely (weights and CSV files are read, the "
        "network is trained if the spec has [train]) without drawing anything. Prints one "
        "line per good spec; stops at the first bad one with one line saying what to fix "
        "(exit status 2).",
    )
    validate.add_argument("specs", nargs="+", metavar="SPEC.toml", help="spec files to check")
    validate.add_argument("--untrusted", action="store_true", help=UNTRUSTED_HELP)

    commands.add_parser(
        "example",
        help="print a commented example spec to start from",
        description="Print a commented example spec. Save it and edit it: "
        "nnexplain example > my-network.toml",
    )

    render = commands.add_parser(
        "render",
        help="render the explainer video of each spec",
        description="Render the explainer video of each spec. Every spec is checked first; "
        "if one is bad, nothing is rendered and nothing is written.",
    )
    render.add_argument("specs", nargs="+", metavar="SPEC.toml", help="spec files to render")
    render.add_argument(
        "-q", "--quality", choices=list(QUALITIES), default=None,
        help="l = 480p (fast), m = 720p, h = 1080p, k = 4k "
        "(default: each spec's [render] quality, which defaults to l)",
    )
    render.add_argument(
        "--format", choices=FORMATS, default="mp4", help="video format (default: mp4)"
    )
    render.add_argument(
        "--transparent", action="store_true",
        help="no background: an alpha channel, to lay the video over slides (in a mov or "
        "webm; mp4 cannot hold one and becomes mov); lands in a 'transparent' folder",
    )
    render.add_argument(
        "--narrate", action="store_true",
        help="speak the subtitles too, with an offline Piper voice (needs the narration "
        "extra: make setup NARRATION=1); lands in a 'narrated' folder",
    )
    render.add_argument(
        "--pptx", action="store_true",
        help="also a PowerPoint deck beside each video: a slide per stage, its clip "
        "embedded, its subtitles in the speaker notes (<name>.pptx)",
    )
    render.add_argument(
        "--aspect", choices=ASPECTS, default=None,
        help="the frame's shape (default: NN_ASPECT, else 16:9); another than 16:9 lands "
        "in its own folder, e.g. '4x3'",
    )
    render.add_argument("--untrusted", action="store_true", help=UNTRUSTED_HELP)
    render.add_argument(
        "--timeout", type=positive_seconds, default=None, metavar="SECONDS",
        help="on a cluster, the longest one spec may render (default: none; "
        f"{UNTRUSTED_TIMEOUT:g} with --untrusted)",
    )
    render.add_argument(
        "--scheduler", default=None, metavar="ADDRESS",
        help="render on a Dask cluster: the scheduler's address, e.g. tcp://host:8786 "
        "(default: NN_SCHEDULER; unset: here); each spec is one task, its files come back",
    )
    render.add_argument(
        "--out", default="renders", metavar="DIR",
        help="folder the videos go to (default: renders)",
    )
    render.add_argument(
        "-j", "--jobs", type=positive_int, default=os.cpu_count() or 1, metavar="N",
        help="videos to render at once (default: the number of CPU cores)",
    )
    return parser


UNTRUSTED_HELP = ("specs from others (e.g. students'): every file a spec names must lie in "
                  "its own folder; on a cluster each render gets a time limit")
#: The longest a spec renders on a cluster in untrusted mode unless --timeout says.
UNTRUSTED_TIMEOUT = 600.0


def positive_seconds(text: str) -> float:
    """A time limit in seconds, more than 0."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def summary(explained: Explained) -> str:
    """One line about a checked spec: the network, the points, the training, the stages.

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "xor.toml"
        >>> _ = p.write_text('[network]\\nsizes = [2, 2]\\nactivations = ["tanh"]\\nseed = 0\\n'
        ...                  '[data]\\nkind = "xor"\\nn = 40\\n')
        >>> summary(check(p))  # doctest: +ELLIPSIS
        '2-2 network (tanh), 40 xor points, untrained: ... % right, 3 stages'
    """
    spec = explained.spec
    net = spec.network
    arch = "-".join(map(str, net.sizes))
    weights = f"; weights from {net.weights.name}" if net.weights is not None else ""
    parts = [f"{arch} network ({', '.join(net.activations)}{weights})"]
    n = len(explained.X)
    if spec.data.path is not None:
        parts.append(f"{n} point{'s' if n != 1 else ''} from {spec.data.path.name}")
    else:
        parts.append(f"{n} {spec.data.kind} point{'s' if n != 1 else ''}")
    if explained.accuracy is not None:
        right = f"{100 * explained.accuracy:.1f} % right"
        if spec.train is not None:
            epochs = spec.train.epochs
            parts.append(f"trained {epochs} epoch{'s' if epochs != 1 else ''}: {right}")
        elif net.weights is not None:
            parts.append(f"with these weights: {right}")
        else:
            parts.append(f"untrained: {right}")
    count = len(explained.stages)
    parts.append(f"{count} stage{'s' if count != 1 else ''}")
    return ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``nnexplain`` command with ``argv`` (default: ``sys.argv[1:]``); return
    the exit status: 0 when all went well, 2 for a bad spec or bad arguments."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command == "example":
            sys.stdout.write(EXAMPLE)
            return 0
        if args.command == "validate":
            for path in args.specs:
                print(f"{path}: ok — {summary(check(path, args.untrusted))}", flush=True)
            return 0
        return _render(args)
    except SpecError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


def _render(args: argparse.Namespace) -> int:
    seen: dict[str, str] = {}
    for path in args.specs:
        name = spec_name(path)
        if name in seen:
            print(f"error: {seen[name]} and {path} would both render as {name!r}, one video "
                  "over the other; expected spec files with different names", file=sys.stderr)
            return 2
        seen[name] = path
    try:
        aspect_name(args.aspect)  # None: NN_ASPECT's, which may name no aspect
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.pptx and args.format == "gif":
        print("error: --pptx puts a clip per stage on each slide, and a gif has none; "
              "use --format mp4 (the default), webm or mov", file=sys.stderr)
        return 2
    if args.narrate:
        try:
            voice_files()  # the voice is there: one line naming the install, else
        except NarrationError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    # every spec, before anything is written
    explained = [check(path, args.untrusted) for path in args.specs]
    try:
        from nnexplain.render import render_specs
    except ImportError as exc:
        print(f"error: cannot render: {exc}", file=sys.stderr)
        return 1
    videos: list[Path] = []
    status = render_specs(explained, quality=args.quality, fmt=args.format,
                          out=Path(args.out), jobs=args.jobs, transparent=args.transparent,
                          aspect=args.aspect, narrate=args.narrate, written=videos,
                          scheduler=args.scheduler,
                          timeout=args.timeout or (UNTRUSTED_TIMEOUT if args.untrusted
                                                   else None))
    if status == 0 and args.pptx:
        from nnexplain.render import write_decks

        status = write_decks(videos)
    return int(status)
