"""The programs lecturers and students open our files with, driven by the tests:
LibreOffice Impress (headless) converting decks to PDF, poppler's pdfinfo and pdftotext
reading PDFs. ``make setup`` installs them with the test extras (libreoffice-impress,
poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def need_office_tools() -> None:
    """Fail with one line naming the packages when a program is missing."""
    missing = [name for name, found in (("LibreOffice Impress", SOFFICE),
                                        ("pdftotext", shutil.which("pdftotext")),
                                        ("pdfinfo", shutil.which("pdfinfo"))) if not found]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: make setup installs libreoffice-impress "
                    "and poppler-utils with the test extras")


def impress_to_pdf(decks: Sequence[Path], out: Path) -> subprocess.CompletedProcess:
    """Every deck converted to ``out/<name>.pdf`` by one headless LibreOffice, with a
    profile of its own (two at once would share and lock the user's)."""
    need_office_tools()
    with tempfile.TemporaryDirectory(prefix="nn-soffice-") as profile:
        return subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, decks)],
            capture_output=True, text=True, timeout=600)


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {k.strip(): v.strip() for k, v in
            (line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)}


def page_size(pdf: Path) -> tuple[float, float]:
    """The first page's width and height in points."""
    found = re.match(r"([\d.]+) x ([\d.]+) pts", pdfinfo(pdf)["Page size"])
    assert found, pdfinfo(pdf)
    return float(found.group(1)), float(found.group(2))


def pdf_text(pdf: Path) -> str:
    """The PDF's text as pdftotext reads it, its spaces and line breaks made one space."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True)
    return " ".join(out.stdout.split())
