"""How a scene process started by the ``manim`` command refuses a user's mistake: one
line on stderr, ``error: ...``, and exit status 2 (no traceback, no prompt).

``make chN``, ``nnexplain render`` and a lecturer's own ``manim`` command line all run
the ``manim`` command; a wrong ``NN_THEME``, ``NN_ASPECT``, ``NN_PARAMS`` or scene name
stops it so. Anywhere else (tests, tools that build scenes in their own process) the
same mistake is raised as an exception. Standard library only.
"""

from __future__ import annotations

import sys
from typing import NoReturn

__all__ = ["in_manim_command", "refuse"]


def in_manim_command() -> bool:
    """Whether this process is the ``manim`` command at work (a click command)."""
    click = sys.modules.get("click")
    return click is not None and click.get_current_context(silent=True) is not None


def refuse(message: str) -> NoReturn:
    """Stop the ``manim`` command: ``error: <message>`` on stderr, exit status 2."""
    print(f"error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)
