# The front door. `make help` lists the targets.
#   make test                  set up everything (first run), then lint and test
#   make render                set up, then render the whole course
#   make ch3 / make linear-maps  one chapter;  QUALITY=l|m|h|k picks the quality
SHELL := /bin/bash
.DEFAULT_GOAL := help

QUALITY ?= l
ifeq ($(filter $(QUALITY),l m h k),)
$(error QUALITY must be one of l, m, h, k (low 480p15, medium 720p30, high 1080p60, 4k); got '$(QUALITY)')
endif

VENV   ?= .venv
PY     := $(VENV)/bin/python
MANIM  := $(VENV)/bin/manim
STAMPS := renders/.stamps
# Extra flags for manim, e.g. MANIM_FLAGS=--disable_caching
MANIM_FLAGS ?=

# Everything a chapter's frames depend on besides its own module.
COMMON_SRC := manim.cfg $(wildcard nnmath/*.py) $(wildcard scenes/*.py) \
              $(wildcard scenes/components/*.py) $(wildcard assets/*)

# number:alias:module for every chapter, from the one table in scenes/chapters.py
CHAPTER_TABLE := $(shell python3 -m scenes.chapters --table)

.PHONY: help setup test lint list render bench clean-renders

help:
	@echo "make setup        install system packages (apt-get) and the .venv; idempotent"
	@echo "make test         setup, then ruff and the whole test suite"
	@echo "make list         chapters and their scenes"
	@echo "make render       every written chapter at QUALITY (default l)"
	@echo "make ch1 .. ch9   one chapter; aliases: perceptron activations linear-maps"
	@echo "                  point-clouds point-clouds-3d digits gradient-descent backprop training"
	@echo "make bench        point-cloud render benchmark at -qm and -qh, with ratios"
	@echo "QUALITY=l|m|h|k   480p15 | 720p30 | 1080p60 | 2160p60; videos land in renders/videos/"

setup:
	@bash tools/setup.sh

# PYTEST_FLAGS=-n0 runs the tests in one process
PYTEST_FLAGS ?= -n auto
test: setup
	$(VENV)/bin/ruff check nnmath scenes tests benchmarks tools
	$(PY) -m pytest $(PYTEST_FLAGS)

lint: setup
	$(VENV)/bin/ruff check nnmath scenes tests benchmarks tools

list:
	@python3 -m scenes.chapters

# One rendered chapter: all its scenes, with per-beat section clips and .srt subtitles.
$(STAMPS)/%.$(QUALITY): scenes/%.py $(COMMON_SRC) | setup
	@mkdir -p $(STAMPS)
	$(MANIM) -q$(QUALITY) --save_sections $(MANIM_FLAGS) -a $<
	@touch $@

# $(1) number, $(2) alias, $(3) module
define CHAPTER_RULES
.PHONY: $(2)
$(2): ch$(1)
ifneq ($(wildcard scenes/$(3).py),)
ch$(1): $(STAMPS)/$(3).$(QUALITY)
	@echo "chapter $(1) ($(2)) rendered at QUALITY=$(QUALITY): renders/videos/$(3)/"
WRITTEN += ch$(1)
else
ch$(1):
	@echo "chapter $(1) ($(2)) is not written yet: scenes/$(3).py does not exist" >&2; exit 1
MISSING += ch$(1)
endif
endef
field = $(word $(1),$(subst :, ,$(2)))
$(foreach row,$(CHAPTER_TABLE),$(eval $(call CHAPTER_RULES,$(call field,1,$(row)),$(call field,2,$(row)),$(call field,3,$(row)))))

render: $(WRITTEN)
	@if [ -n "$(strip $(MISSING))" ]; then echo "not written yet, skipped: $(MISSING)"; fi
	@echo "course rendered at QUALITY=$(QUALITY) under renders/videos/"

# Renders the benchmark scenes at -qm and -qh in one run and prints the ratios.
bench: setup
	$(PY) -m benchmarks.run $(BENCH_FLAGS)

clean-renders:
	rm -rf renders
