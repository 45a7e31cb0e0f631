# The front door. `make help` lists the targets.
#   make test                  set up everything (first run), then lint and test
#   make render                set up, then render the whole course
#   make ch3 / make linear-maps  one chapter;  QUALITY=d|l|m|h|k picks the quality
#   make ch3 PARAMS=examples/params/rotation.toml   the chapter with your own numbers
#   make ch3 FORMAT=webm THEME=light TRANSPARENT=1    another container, colours, no background
#   make ch3 ASPECT=4:3          another frame: 4:3, 1:1 or 9:16
#   make ch3 NARRATION=1         the subtitles spoken too (an offline voice)
SHELL := /bin/bash
.DEFAULT_GOAL := help

# python3 found once: each call through a version manager's shim (pyenv's) costs a
# fifth of a second, and make reads its tables with several. They are standard
# library only, so they run without site-packages (-S: a tenth of the start-up time).
ifndef PYTHON3
PYTHON3 := $(shell python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
endif
ifeq ($(PYTHON3),)
$(error make needs python3 (3.11 or newer) on the PATH)
endif
export PYTHON3  # a make that make starts finds it at once
STDLIB_PY := $(PYTHON3) -S
# The qualities, formats and themes: pipeline/facts.py's table (standard library only)
FACTS := $(STDLIB_PY) -m pipeline.facts
comma := ,
empty :=
space := $(empty) $(empty)
listed = $(subst $(space),$(comma)$(space),$(strip $(1)))
QUALITIES := $(shell $(FACTS) --qualities)
DEFAULT_QUALITY := $(shell $(FACTS) --default-quality)
QUALITY ?= $(DEFAULT_QUALITY)
ifeq ($(filter $(QUALITY),$(QUALITIES)),)
$(error QUALITY must be one of $(call listed,$(QUALITIES)) ($(shell $(FACTS) --describe)); got '$(QUALITY)')
endif
# FORMAT: the videos' container. TRANSPARENT=1: no background, an alpha channel for
# laying a video over slides (mp4 cannot hold one: FORMAT=mp4 becomes mov).
FORMATS := $(shell $(FACTS) --formats)
FORMAT ?= mp4
ifeq ($(filter $(FORMAT),$(FORMATS)),)
$(error FORMAT must be one of $(call listed,$(FORMATS)); got '$(FORMAT)')
endif
TRANSPARENT ?=
ifneq ($(filter-out 0 1,$(TRANSPARENT)),)
$(error TRANSPARENT must be 1 (a transparent background) or 0; got '$(TRANSPARENT)')
endif
TRANSPARENT_FLAG := $(if $(filter 1,$(TRANSPARENT)),--transparent)
# THEME: the colours every scene draws in (scenes/theme.py; NN_THEME to the manim
# command). NN_PALETTE is its old name.
THEMES := $(shell $(FACTS) --themes)
THEME ?= $(or $(NN_THEME),$(patsubst okabe-ito,dark,$(NN_PALETTE)),dark)
ifeq ($(filter $(THEME),$(THEMES)),)
$(error THEME must be one of $(THEMES) (dark: the default; light: for bright rooms; classic: green/red weights); got '$(THEME)')
endif
export NN_THEME := $(THEME)
# ASPECT: the frame's shape (pipeline/aspect.py; NN_ASPECT to the manim command). The
# 16:9 composition sits whole in the frame; the short side keeps the quality's pixels.
ASPECTS := 16:9 4:3 1:1 9:16
ASPECT ?= $(or $(NN_ASPECT),16:9)
ifeq ($(filter $(subst x,:,$(ASPECT)),$(ASPECTS)),)
$(error ASPECT must be one of $(ASPECTS) (4x3 works too); got '$(ASPECT)')
endif
export NN_ASPECT := $(subst x,:,$(ASPECT))
# NARRATION=1: every subtitle line is also spoken, offline (pipeline/narration.py: Piper,
# an optional extra that `make setup` installs when NARRATION=1 is asked, or for tests)
NARRATION ?= $(NN_NARRATION)
ifneq ($(filter-out 0 1,$(NARRATION)),)
$(error NARRATION must be 1 (a spoken narration) or 0; got '$(NARRATION)')
endif
export NN_NARRATION := $(filter 1,$(NARRATION))
SETUP_EXTRAS = test$(if $(or $(NN_NARRATION),$(filter test,$(MAKECMDGOALS))),$(comma)narration)

VENV   ?= .venv
PY     := $(VENV)/bin/python
MANIM  := $(VENV)/bin/manim
# Where renders go (manim's media_dir)
MEDIA_DIR ?= renders
STAMPS := $(MEDIA_DIR)/.stamps
# Extra flags for manim, e.g. MANIM_FLAGS=--disable_caching
MANIM_FLAGS ?=
# Scenes of a chapter rendered at once (default: one per CPU core)
JOBS ?=

# PARAMS=file.toml: each scene reads its own [SceneName] table (make params lists them).
# The render is a variant: it lands in its own folder, beside the defaults.
PARAMS ?=
ifneq ($(strip $(PARAMS)),)
ifeq ($(wildcard $(PARAMS)),)
$(error PARAMS=$(PARAMS): no such file (expected a TOML file with a [SceneName] table per scene, e.g. examples/params/rotation.toml))
endif
export NN_PARAMS := $(abspath $(PARAMS))
endif
# The variant's folder and a hash of its content ('' for the defaults), from the one
# place that names variants (the parameters, a theme but the default, transparency,
# an aspect but 16:9);
# it and the format are part of the stamp, so new numbers, colours or formats render again.
VARIANT_ENV   := NN_PARAMS='$(NN_PARAMS)' NN_THEME='$(THEME)' NN_ASPECT='$(NN_ASPECT)' \
                 NN_NARRATION='$(NN_NARRATION)'
VARIANT       := $(shell $(VARIANT_ENV) $(STDLIB_PY) -m pipeline.variants --variant $(TRANSPARENT_FLAG) 2>/dev/null)
VARIANT_STAMP := $(shell $(VARIANT_ENV) $(STDLIB_PY) -m pipeline.variants --stamp $(TRANSPARENT_FLAG) 2>/dev/null)
STAMP_SUFFIX  := $(QUALITY)$(if $(filter-out mp4,$(FORMAT)),.$(FORMAT))$(if $(VARIANT_STAMP),.$(VARIANT_STAMP))
QUALITY_DIR   := $(shell $(FACTS) --folder $(QUALITY))

# Everything a chapter's frames depend on besides its own module.
COMMON_SRC := manim.cfg $(wildcard nnmath/*.py) $(wildcard narrator/*.py) $(wildcard pipeline/*.py) \
              $(wildcard nnexplain/*.py) $(wildcard nnexplain/*/*.py) $(wildcard nnexplain/*.toml) \
              $(wildcard scenes/*.py) $(wildcard scenes/components/*.py) $(wildcard assets/*)

# number:alias:module for every chapter, from the one table in scenes/chapters.py
CHAPTER_TABLE := $(shell $(STDLIB_PY) -m scenes.chapters --table)

.PHONY: help setup test lint check list render worker bench bench-cluster bench-course bench-explain bench-narration weights clean-renders params params-doc examples

help:
	@echo "make setup        install system packages (apt-get) and the .venv; idempotent"
	@echo "make test         setup, then ruff and the whole test suite"
	@echo "make check        the inner loop (under 90 s): ruff, the tests of nnmath, narrator,"
	@echo "                  nnexplain and of the scenes whose files changed (tests/changed.py)"
	@echo "make list         chapters and their scenes"
	@echo "make render       every written chapter at QUALITY (default l)"
	@echo "make ch1 .. ch10  one chapter; aliases: perceptron activations linear-maps"
	@echo "                  point-clouds point-clouds-3d digits gradient-descent backprop training"
	@echo "                  convolutions"
	@echo "make examples     every spec in examples/ through nnexplain (your own network: README)"
	@echo "make slides       a deck per chapter, beat by beat: renders/slides/chN.html"
	@echo "make gallery      renders/index.html: every scene, its subtitles, files and deck"
	@echo "make stills       a PNG of each beat's last frame under renders/stills/"
	@echo "make pptx         a PowerPoint deck per chapter: renders/slides/chN.pptx (clips, notes)"
	@echo "make handouts     a PDF handout per chapter: renders/handouts/chN.pdf (PAPER=letter)"
	@echo "make readme       README's still per chapter (docs/stills/) and scene lengths (renders the course first)"
	@echo "make worker SCHEDULER=tcp://HOST:8786  a Dask worker for that cluster (MEMORY=4GB: its limit; README: Scale out)"
	@echo "make bench        point-cloud render benchmark at -qm and -qh, with ratios"
	@echo "make bench-course the course's render time / video length per chapter, at QUALITY"
	@echo "make bench-explain each example spec's render time / video length (-qh unless QUALITY=), validate on 10,000 points"
	@echo "make bench-cluster eight specs on a loopback Dask cluster of one worker and of two, the overhead of a task"
	@echo "make bench-narration  synthesis time per minute of speech; how much longer each chapter plays"
	@echo "make weights      train chapter 6's digits network and chapter 10's CNN into assets/"
	@echo "                  (IDX=dir: chapter 6's on MNIST)"
	@echo "make params       every scene's parameters: type, default, meaning"
	@echo "QUALITY=$(subst $(space),|,$(QUALITIES))  $(shell $(FACTS) --describe)"
	@echo "                  (default l); videos land in renders/videos/"
	@echo "PARAMS=file.toml  your own numbers, a [SceneName] table per scene; the videos land"
	@echo "                  in a folder named after the file, beside the defaults"
	@echo "FORMAT=mp4|webm|gif|mov   the videos' container (default mp4), for chN, render, examples"
	@echo "TRANSPARENT=1     no background: an alpha channel, to lay over slides (mp4 becomes mov)"
	@echo "THEME=dark|light|classic  colours: dark (default), light for bright rooms, classic"
	@echo "                  green/red weights; light and TRANSPARENT land in their own folder"
	@echo "ASPECT=16:9|4:3|1:1|9:16  the frame's shape (default 16:9; others: their own folder)"
	@echo "NARRATION=1       spoken subtitles (offline Piper voice; installs it the first time)"
	@echo "SCHEDULER=tcp://HOST:8786  chN, render, examples, gallery on that Dask cluster (or NN_SCHEDULER)"

setup:
	@NN_EXTRAS=$(SETUP_EXTRAS) bash tools/setup.sh

# PYTEST_FLAGS=-n0 runs the tests in one process
PYTEST_FLAGS ?= -n auto
test: setup
	$(VENV)/bin/ruff check nnmath narrator pipeline nnexplain scenes tests benchmarks tools
	$(PY) -m pytest $(PYTEST_FLAGS)

lint: setup
	$(VENV)/bin/ruff check nnmath narrator pipeline nnexplain scenes tests benchmarks tools

# The inner loop: ruff, then the tests of nnmath, narrator and nnexplain (not the
# end-to-end renders) and of what differs from HEAD: a changed chapter's tests and the
# smoke test of its scenes, every scene's smoke test for a changed base or component,
# a changed test file (tests/changed.py picks them; `make test` runs everything)
check: setup
	$(VENV)/bin/ruff check nnmath narrator pipeline nnexplain scenes tests benchmarks tools
	$(PY) -m tests.changed $(PYTEST_FLAGS)

list:
	@$(STDLIB_PY) -m scenes.chapters

# One rendered chapter: all its scenes, with per-beat section clips and .srt subtitles;
# a line per scene and beat here, Manim's whole log under $(MEDIA_DIR)/logs/.
$(STAMPS)/%.$(STAMP_SUFFIX): scenes/%.py $(COMMON_SRC) $(PARAMS) | setup
	@mkdir -p $(STAMPS)
	@$(PY) tools/render.py $< --quality $(QUALITY) --media-dir $(MEDIA_DIR) \
		--format $(FORMAT) $(TRANSPARENT_FLAG) \
		--manim-flags="$(MANIM_FLAGS)" $(if $(strip $(JOBS)),--jobs $(JOBS)) \
		$(if $(strip $(SCHEDULER)),--scheduler $(SCHEDULER))
	@touch $@ $(STAMPS)/.fresh-$*

# $(1) number, $(2) alias, $(3) module
define CHAPTER_RULES
.PHONY: $(2)
$(2): ch$(1)
ifneq ($(wildcard scenes/$(3).py),)
ch$(1): $(STAMPS)/$(3).$(STAMP_SUFFIX)
	@if [ -f $(STAMPS)/.fresh-$(3) ]; then rm -f $(STAMPS)/.fresh-$(3); else \
	  echo "chapter $(1) ($(2)) is up to date: $(MEDIA_DIR)/videos/$(3)/$(QUALITY_DIR)/$(VARIANT) (make -B ch$(1) renders it again)"; fi
WRITTEN += ch$(1)
else
ch$(1):
	@echo "chapter $(1) ($(2)) is not written yet: scenes/$(3).py does not exist" >&2; exit 1
MISSING += ch$(1)
endif
endef
field = $(word $(1),$(subst :, ,$(2)))
$(foreach row,$(CHAPTER_TABLE),$(eval $(call CHAPTER_RULES,$(call field,1,$(row)),$(call field,2,$(row)),$(call field,3,$(row)))))

# Every scene's parameters: type, default, meaning (docs/parameters.md is made from it)
params:
	@$(PY) -m scenes.catalog

params-doc: | setup
	$(PY) -m scenes.catalog --markdown > docs/parameters.md
	$(PY) -m scenes.catalog --update-readme README.md
	$(PY) -m nnexplain.documents --update README.md

render: $(WRITTEN)
	@if [ -n "$(strip $(MISSING))" ]; then echo "not written yet, skipped: $(MISSING)"; fi
	@echo "course rendered at QUALITY=$(QUALITY) under renders/videos/"

# The generator on every example spec (nnexplain render; JOBS=n at once)
examples: setup
	$(VENV)/bin/nnexplain render examples/*.toml -q $(QUALITY) --format $(FORMAT) $(TRANSPARENT_FLAG) \
		$(if $(NN_NARRATION),--narrate) \
		--out $(MEDIA_DIR) $(if $(strip $(JOBS)),-j $(JOBS)) \
		$(if $(strip $(SCHEDULER)),--scheduler $(SCHEDULER))

# A Dask worker from this project's environment, for SCHEDULER's cluster (README: Scale
# out): one task per core at a time, each render in a process of its own; MEMORY=4GB:
# Dask's memory limit, each task held to its share
worker: setup
	@test -n "$(strip $(SCHEDULER))" || { echo "error: make worker needs SCHEDULER=tcp://HOST:8786 (the address dask scheduler prints)" >&2; exit 2; }
	$(PY) -m pipeline.cluster worker $(SCHEDULER) $(if $(strip $(MEMORY)),--memory $(MEMORY))

# Renders the benchmark scenes at -qm and -qh in one run and prints the ratios.
bench: setup
	$(PY) -m benchmarks.run $(BENCH_FLAGS)

# The course's render time / video length per chapter at QUALITY, beside the floor of
# encoding as many empty frames (JOBS scenes at once, default 2); MAKE_JOBS=2: the whole
# course as one `make -j2 render` instead (JOBS then passes on as JOBS)
bench-course: setup
	$(PY) -m benchmarks.course --quality $(QUALITY) $(if $(JOBS),--jobs $(JOBS)) \
		$(if $(MAKE_JOBS),--make $(MAKE_JOBS))

# The explainer: each example's render time / video length at QUALITY (default here: h),
# and nnexplain validate on 10,000 points of 64 inputs
bench-explain: setup
	$(PY) -m benchmarks.explain --quality $(if $(filter command line,$(origin QUALITY)),$(QUALITY),h)

# Renders on a loopback Dask cluster: eight specs on one worker against two, beside a
# local render, and the overhead of a task
bench-cluster: setup
	$(PY) -m benchmarks.cluster

# What narration costs: synthesis time per minute of speech, how much longer each
# chapter plays spoken (needs the narration extra, which this installs)
bench-narration: NN_NARRATION := 1
bench-narration: setup
	$(PY) -m benchmarks.narration

# Chapter 6's trained 784-16-16-10 network and chapter 10's CNN and dense network -> assets/
# (IDX=dir: chapter 6's on MNIST IDX files instead)
weights: setup
	$(PY) tools/train_digits.py $(if $(IDX),--idx $(IDX))

# --- presenting (tools/lecture.py): decks, the gallery, stills. Each renders the written
# chapters at QUALITY first (make render), then builds from what is under MEDIA_DIR; with
# PARAMS (or another theme) from that variant's renders.
.PHONY: gallery slides stills pptx handouts
LECTURE := $(PY) tools/lecture.py --media-dir $(MEDIA_DIR) --quality $(QUALITY) \
           $(if $(VARIANT),--variant $(VARIANT))

slides: $(WRITTEN)
	@$(LECTURE) slides

# the gallery builds the decks it links too
gallery: $(WRITTEN)
	@$(LECTURE) gallery

stills: $(WRITTEN)
	@$(LECTURE) stills

# lecture files for office suites: a PowerPoint deck (a clip per beat, the subtitles in
# the speaker notes) and a PDF handout per chapter; PAPER=a4 (the default) or letter
PAPER ?= a4
ifeq ($(filter $(PAPER),a4 letter),)
$(error PAPER must be a4 or letter; got '$(PAPER)')
endif
pptx: $(WRITTEN)
	@$(LECTURE) pptx

handouts: $(WRITTEN)
	@$(LECTURE) handouts --paper $(PAPER)

# The README's still per chapter (docs/stills/, small PNGs) and its table of scene
# lengths, computed from the scenes without rendering a video
.PHONY: readme
# the stills are drawn from dry runs; the lengths are read from the renders' manifests
readme: render | setup
	$(PY) tools/readme.py stills
	$(PY) tools/readme.py lengths --media-dir $(MEDIA_DIR) --quality $(QUALITY)

clean-renders:
	rm -rf renders
