#!/usr/bin/env bash
# Acceptance run: parley serve (release, full embedded pipeline, local Whisper) + parley load --callers 20 --duration 60
set -u
cd "$(dirname "$0")/../../../.."
OUT="$(pwd)/Benchmarks/capacity/results/acceptance-20-callers"
D=/tmp/capacity-accept
rm -rf $D/data $D/out; mkdir -p $D/data $D/out
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
WP=$(port); HP=$(port)
export PARLEY_ADMIN_TOKEN=$(python3 -c 'import secrets;print(secrets.token_urlsafe(24))')
HF_HUB_OFFLINE=1 python3 Services/whisper/server.py --host 127.0.0.1 --port $WP --quiet > $D/whisper.log 2>&1 &
WPID=$!
echo "whisper pid $WPID port $WP"
for i in $(seq 1 240); do curl -sf http://127.0.0.1:$WP/healthz >/dev/null && break; sleep 0.5; done
.build/release/parley serve --host 127.0.0.1 --http-port $HP --media-port 0 --data-dir $D/data --stt-url http://127.0.0.1:$WP --log-level info > $D/server.log 2>&1 &
SPID=$!
echo "server pid $SPID port $HP"
for i in $(seq 1 240); do curl -sf http://127.0.0.1:$HP/healthz >/dev/null && break; sleep 0.5; done
read S0 <<<"$(python3 -c "import os;f=open('/proc/$SPID/stat').read().rsplit(')',1)[1].split();print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))")"
read W0 <<<"$(python3 -c "import os;f=open('/proc/$WPID/stat').read().rsplit(')',1)[1].split();print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))")"
echo "load before: $(cat /proc/loadavg)"
T0=$(date +%s.%N)
/usr/bin/time -v .build/release/parley load --server http://127.0.0.1:$HP --callers 20 --duration 60 --output $D/out > $D/load.stdout 2> $D/load.stderr
RC=$?
T1=$(date +%s.%N)
echo "load rc $RC"
echo "load after: $(cat /proc/loadavg)"
S1=$(python3 -c "import os;f=open('/proc/$SPID/stat').read().rsplit(')',1)[1].split();print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))")
W1=$(python3 -c "import os;f=open('/proc/$WPID/stat').read().rsplit(')',1)[1].split();print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))")
echo "elapsed $(python3 -c "print($T1-$T0)") server_cpu $(python3 -c "print($S1-$S0)") whisper_cpu $(python3 -c "print($W1-$W0)")"
curl -s http://127.0.0.1:$HP/metrics > $D/metrics.txt
kill $SPID; sleep 2; kill $WPID
wait
# Keep the evidence beside this script: the report, the server's metrics, the summary, a screenshot
# of the HTML report rendered by headless Chromium.
cp $D/out/parley-load-report.json "$OUT/parley-load-report.json"
cp $D/metrics.txt "$OUT/server-metrics.txt"
grep -v '^\[' $D/load.stdout > "$OUT/summary.txt"
python3 "$OUT/screenshot.py" $D/out/parley-load-report.html "$(pwd)/Benchmarks/capacity/load-report-20-callers.png"
