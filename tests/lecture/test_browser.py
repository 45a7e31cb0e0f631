"""The gallery and a deck in a real browser: Debian's chromium driven by Playwright,
pages served by ``http.server`` on 127.0.0.1 (and the gallery from ``file://``), over
a tiny course made with PyAV (tests/lecture/course.py). Screenshots go to
``renders/browser/`` for a person to look at."""

from __future__ import annotations

import pytest

from tests.lecture.browser import (
    SHOTS,
    check_gallery,
    chromium,
    deck_state,
    missing_browser,
    open_page,
    serve,
    wait_beat,
)
from tests.lecture.course import make_course

pytestmark = pytest.mark.skipif(missing_browser() is not None,
                                reason=missing_browser() or "")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The tiny course rendered, finished (subtitles inside), with its deck and gallery."""
    import lecture

    media = tmp_path_factory.mktemp("site") / "renders"
    chapters = make_course(media)
    lecture.finish_render(media / "videos" / "ch01_tiny" / "480p15", ["First", "Second"])
    lecture.build_gallery(media, "l", chapters)  # and the decks
    return media


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


def test_gallery_videos_load_with_their_subtitles_and_no_errors(browser, base):
    page, problems = open_page(browser, f"{base}/index.html", height=900)
    videos = check_gallery(page)
    # First at 480p15 (mp4 with its track), Second, and the generator's moons
    assert len(videos) == 3
    for video in videos:
        assert video["duration"] > 0 and video["error"] is None, video
        assert video["tracks"] and all(n > 0 for n in video["tracks"]), video
    assert page.evaluate("() => document.querySelector('video').textTracks[0].cues[0].text") \
        == "Chapter 1: The first scene."
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "gallery.png"), full_page=True)
    assert problems == []


def test_gallery_works_from_the_file_system(browser, site):
    page, problems = open_page(browser, (site / "index.html").as_uri())
    videos = check_gallery(page)
    assert len(videos) == 3 and all(v["tracks"][0] > 0 for v in videos)
    assert problems == []


def test_deck_plays_a_beat_pauses_and_steps_with_the_keys(browser, base):
    page, problems = open_page(browser, f"{base}/slides/ch1.html")
    state = wait_beat(page, 0)
    assert state["count"] == 5 and "The first scene" in state["where"]
    # the title beat plays to its end and stops there
    state = wait_beat(page, 0, "paused")
    assert state["paused"] and state["ended"] and state["time"] > 0.5

    page.keyboard.press("ArrowRight")
    state = wait_beat(page, 1)
    assert state["src"].endswith("First_0001_dot.mp4")
    assert "A dot." in state["caption"] and "It moves & <grows>." in state["caption"]
    assert "A dot appears" in state["where"] and "beat 2 of 5" in page.inner_text("#count")
    state = wait_beat(page, 1, "paused")
    assert state["ended"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "deck.png"))

    page.keyboard.press("ArrowLeft")
    wait_beat(page, 0)
    page.keyboard.press(" ")
    wait_beat(page, 1)
    page.click("#stage")
    wait_beat(page, 2)
    page.click("#back")  # the footer's buttons, and space after one: a single step each
    wait_beat(page, 1)
    page.keyboard.press(" ")
    wait_beat(page, 2)
    page.wait_for_timeout(200)
    assert deck_state(page)["index"] == 2
    page.keyboard.press("ArrowRight")  # on into the next scene
    state = wait_beat(page, 3)
    assert "The second scene" in state["where"] and state["src"].endswith(
        "Second_0000_title.mp4")
    page.keyboard.press("End")
    state = wait_beat(page, 4)
    page.keyboard.press("ArrowRight")  # the last beat stays the last
    assert deck_state(page)["index"] == 4
    page.keyboard.press("f")
    page.wait_for_function("() => !!document.fullscreenElement")
    page.keyboard.press("f")
    page.wait_for_function("() => !document.fullscreenElement")
    assert problems == []


def test_deck_opens_at_the_beat_in_its_address(browser, base):
    page, problems = open_page(browser, f"{base}/slides/ch1.html#3")
    state = wait_beat(page, 2)
    assert "One plus one is two." in state["caption"]
    assert problems == []
