"""How a spec is refused: :class:`SpecError`, one line ``"<file>: <field>: <what is
wrong>; expected <what>"``, and the pieces every check words its message with.

Example:
    >>> str(err("a.toml", "data.n", got(2.5) + ", not a whole number", "a whole number"))
    'a.toml: data.n: got 2.5 (a decimal number), not a whole number; expected a whole number'
    >>> str(unknown("a.toml", "data.kind", "kind of data", "moon", ("square", "moons")))
    "a.toml: data.kind: unknown kind of data 'moon'; did you mean 'moons'? (expected one of: \
square, moons)"
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

__all__ = ["SpecError", "either", "err", "got", "read_text", "show", "toml_text", "unknown"]


class SpecError(ValueError):
    """A spec that cannot be used. ``str(err)`` is one line naming the file, the field
    and what was expected: ``"my.toml: network.sizes: has 1 entry; expected at least 2"``.

    Example:
        >>> str(SpecError("a.toml: data.n: got 0\\nreally; expected at least 1"))
        'a.toml: data.n: got 0 really; expected at least 1'
    """

    def __init__(self, message: str) -> None:
        super().__init__(re.sub(r"\s*[\r\n]+\s*", " ", str(message)).strip())


def err(src: str, field: str | None, problem: str, expected: str | None = None) -> SpecError:
    """The error for ``field`` of the spec ``src`` (``None``: the file as a whole)."""
    msg = f"{src}: {field}: {problem}" if field else f"{src}: {problem}"
    return SpecError(f"{msg}; expected {expected}" if expected else msg)


def either(words: list[str] | tuple[str, ...], last: str = "or") -> str:
    """``"a"``, ``"a or b"``, ``"a, b or c"`` (``last="and"``: ``"a, b and c"``)."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def toml_text(value: Any) -> str:
    """``value`` as it is written in TOML: ``"text"``, ``[1, 2]``, ``true``, ``0.5``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table {" + ", ".join(value) + "}"
    return str(value)


def show(value: Any) -> str:
    """``value`` as it is written in TOML, shortened to 60 characters."""
    text = toml_text(value)
    return text if len(text) <= 60 else text[:57] + "..."


def got(value: Any) -> str:
    """``got ...``, saying what kind of value it is where that is the problem."""
    if isinstance(value, bool):
        return f"got {show(value)} (true/false)"
    if isinstance(value, str):
        return f"got the text {show(value)}"
    if isinstance(value, float):
        return f"got {show(value)} (a decimal number)"
    if isinstance(value, list):
        return f"got the list {show(value)}"
    if isinstance(value, dict):
        return f"got {show(value)}"
    if isinstance(value, int):
        return f"got {value}"
    return f"got {show(value)} ({type(value).__name__})"


def unknown(src: str, field: str, what: str, value: Any, choices: tuple[str, ...],
            context: str = "") -> SpecError:
    """``unknown <what> 'value'<context>; did you mean 'x'? (expected one of: ...)``: the
    closest choice (difflib) is suggested when there is one close enough."""
    shown = (repr(value) if len(value) <= 60 else repr(value[:57]) + "...") if isinstance(
        value, str) else show(value)
    close = (
        difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        if isinstance(value, str) else []
    )
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return SpecError(f"{src}: {field}: unknown {what} {shown}{context}{hint} "
                     f"(expected one of: {', '.join(choices)})")


def read_text(path: Path, src: str, field: str | None, what: str) -> str:
    """The UTF-8 text of ``path`` (the spec file itself when ``field`` is ``None``);
    every way that fails is one SpecError expecting ``what``."""
    name = f"{path} " if field else ""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise err(src, field, f"no such file {name}".strip(), what) from None
    except IsADirectoryError:
        raise err(src, field, f"{name}is a folder, not a file", what) from None
    except PermissionError:
        raise err(src, field, f"cannot read {name or 'it '}(permission denied)", what) from None
    except OSError as exc:
        raise err(src, field, f"cannot read {name or 'it '}({exc.strerror or exc})",
                  what) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise err(src, field, f"{name}is not UTF-8 text (byte 0x{data[exc.start]:02x} on "
                  f"line {line})", what) from None
