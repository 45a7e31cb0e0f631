"""``python -m nnexplain``: the ``nnexplain`` command (see :mod:`nnexplain.cli`)."""

from nnexplain.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
