"""Drive Debian's chromium (through Playwright's ``executable_path``; no browser
download) over the gallery and a deck: what the browser tests check, and a command to
check the real course the same way:

    .venv/bin/python -m tests.lecture.browser [renders] [--deck ch3]

serves ``renders/`` on 127.0.0.1, checks ``index.html`` and the deck, and writes
``renders/browser/real-gallery.png`` and ``real-deck.png`` to look at.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "renders" / "browser"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (make setup installs the test extra)"
    if not shutil.which("chromium"):
        return "Debian's chromium is not installed (make setup installs it with apt-get)"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """``root`` over HTTP on 127.0.0.1 (a free port) as ``python -m http.server`` serves
    it; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    """A headless Debian chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                    args=["--no-sandbox", "--autoplay-policy="
                                          "no-user-gesture-required"])
        try:
            yield browser
        finally:
            browser.close()


def _stopped_on_purpose(request) -> bool:
    """A video request the browser ended itself once it had what ``preload`` asks for
    (a server without range requests, like http.server, sends the whole file)."""
    return request.resource_type == "media" and "ERR_ABORTED" in (request.failure or "")


def open_page(browser, url: str, width: int = 1280, height: int = 800):
    """A page at ``url`` and the list its console errors, page errors, failed requests
    and HTTP errors are collected in."""
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: None if _stopped_on_purpose(r)
            else problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    page.goto(url)
    return page, problems


VIDEOS_JS = """() => [...document.querySelectorAll('video')].map(v => ({
    src: v.currentSrc, ready: v.readyState, duration: v.duration,
    error: v.error && v.error.message,
    tracks: [...v.textTracks].map(t => t.cues ? t.cues.length : -1)}))"""


def check_gallery(page, timeout_ms: int = 30_000) -> list[dict]:
    """Wait until every <video> has its metadata and every track its cues (tracks
    switched to ``hidden`` so that they load); returns what each video reports."""
    page.evaluate("""() => { for (const v of document.querySelectorAll('video'))
        for (const t of v.textTracks) if (t.mode === 'disabled') t.mode = 'hidden'; }""")
    page.wait_for_function(
        """() => [...document.querySelectorAll('video')].every(v =>
            v.readyState >= 1 && v.duration > 0 &&
            [...v.textTracks].every(t => t.cues && t.cues.length > 0))""",
        timeout=timeout_ms)
    page.wait_for_timeout(1500)  # the players' loading spinners fade (for screenshots)
    return page.evaluate(VIDEOS_JS)


DECK_JS = """() => {
    const d = document.getElementById('deck');
    const v = document.querySelector('#stage video.front');
    return {index: +d.dataset.index, state: d.dataset.state, count: +d.dataset.count,
            src: v ? decodeURIComponent(v.currentSrc) : null,
            time: v ? v.currentTime : null, paused: v ? v.paused : null,
            ended: v ? v.ended : null,
            caption: document.getElementById('caption').innerText,
            where: document.getElementById('where').innerText,
            full: !!document.fullscreenElement}; }"""


def deck_state(page) -> dict:
    return page.evaluate(DECK_JS)


def wait_beat(page, index: int, state: str | None = None, timeout_ms: int = 20_000) -> dict:
    """Wait until the deck shows beat ``index`` (0-based), in ``state`` if given
    (``playing``; ``paused`` at the end of the beat)."""
    want = f" && d.dataset.state === '{state}'" if state else ""
    page.wait_for_function(
        f"""() => {{ const d = document.getElementById('deck');
            const v = document.querySelector('#stage video.front');
            const beat = JSON.parse(document.getElementById('deck-data').textContent)
                .beats[{index}];
            return +d.dataset.index === {index}{want} && v && v.dataset.beat === '{index}'
                && v.currentSrc.endsWith(beat.src.replace(/^(\\.\\.\\/)+/, '')); }}""",
        timeout=timeout_ms)
    return deck_state(page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("media", nargs="?", type=Path, default=ROOT / "renders")
    parser.add_argument("--deck", default=None, help="which deck (default: the first)")
    args = parser.parse_args(argv)
    reason = missing_browser()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    media = args.media.resolve()
    decks = sorted((media / "slides").glob("ch*.html"))
    deck = media / "slides" / f"{args.deck}.html" if args.deck else (decks or [None])[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    failed = False
    with serve(media) as base, chromium() as browser:
        page, problems = open_page(browser, f"{base}/index.html", height=900)
        videos = check_gallery(page, timeout_ms=120_000)
        page.screenshot(path=str(SHOTS / "real-gallery.png"))
        print(f"gallery: {len(videos)} videos, all with metadata and cues; "
              f"problems: {problems or 'none'}")
        failed |= bool(problems)
        if deck is not None and deck.is_file():
            page, problems = open_page(browser, f"{base}/slides/{deck.name}")
            wait_beat(page, 0)
            page.keyboard.press("ArrowRight")
            state = wait_beat(page, 1, "paused", timeout_ms=120_000)
            page.screenshot(path=str(SHOTS / "real-deck.png"))
            print(f"deck {deck.name}: beat 2 of {state['count']}, paused at its end "
                  f"({state['where']}); problems: {problems or 'none'}")
            failed |= bool(problems)
    print(f"screenshots: {SHOTS}/real-gallery.png, real-deck.png")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
