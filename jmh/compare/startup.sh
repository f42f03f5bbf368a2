#!/usr/bin/env bash
# Start-up and first-use cost of the Vector API module: the same jar and model, run in fresh JVMs
# with and without --add-modules jdk.incubator.vector, interleaved (flag, no flag, flag, ...), and
# the median of each cell. Rows: an embedding program (jmh/compare/EmbedProgram.java: load + first
# prediction, 10 000 single predictions with their p99, one batch of 10 000 after those, and the
# batch again after Kernels.warmUp()) and the CLI's `predict --idx … --first 1000` and `evaluate`
# as process wall time. Prints the JDK, the CPU, a Markdown table of medians with the ratio
# flag / no flag, ready for the README.
# usage: jmh/compare/startup.sh [runs]     (runs per cell, default 5; from any folder, after
#        `mvn -q package -DskipTests`; trains a seed model into target/compare/seed if missing)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java jmh/compare/startup.sh   the same on JDK 25
#   TRAIN=1 jmh/compare/startup.sh      also times the seed's `train` (default flags) both ways
#                                       (plain Java trains for ~70 s a run on 2 cores: 5 runs ≈ 7 min)
#   MODEL=FILE jmh/compare/startup.sh   uses that model instead of target/compare/seed/model.vpm
#   JAR=FILE jmh/compare/startup.sh     measures that vecprop jar (an older build, say)
# JAVAC defaults to the javac next to JAVA (or `javac` on the PATH). Scratch output, logs and
# every run's values: target/compare/ (startup/*.values, startup/*.log).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
case "$RUNS" in ''|*[!0-9]*|0) echo "usage: $0 [runs]   (runs: a positive integer)" >&2; exit 2 ;; esac
JAVA=${JAVA:-java}
if [ -z "${JAVAC:-}" ]; then
  if [ -x "$(dirname "$JAVA")/javac" ] && [ "$JAVA" != java ]; then JAVAC=$(dirname "$JAVA")/javac
  else JAVAC=javac; fi
fi
JAR=${JAR:-target/vecprop.jar}
FLAG=--add-modules=jdk.incubator.vector
[ -f "$JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
OUT=target/compare/startup
mkdir -p "$OUT"
rm -f "$OUT"/*.values "$OUT"/*.log

JDK=$("$JAVA" -version 2>&1 | head -1)
CPU=$(lscpu | awk -F: '/^Model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }')
echo "$JDK"
echo "CPU: $CPU ($(nproc) cores online)"
"$JAVA" $FLAG -jar "$JAR" info 2>/dev/null | head -2

# The data folder the CLI uses (fetches MNIST on first use), and the test files in it, raw or .gz.
DATA=$("$JAVA" -jar "$JAR" fetch 2>/dev/null | tail -1)
pick() { if [ -f "$DATA/$1" ]; then echo "$DATA/$1"; elif [ -f "$DATA/$1.gz" ]; then echo "$DATA/$1.gz"
  else echo "no $1 (or .gz) in $DATA" >&2; exit 1; fi; }
IMAGES=$(pick t10k-images-idx3-ubyte)
LABELS=$(pick t10k-labels-idx1-ubyte)

MODEL=${MODEL:-target/compare/seed/model.vpm}
if [ ! -f "$MODEL" ]; then
  echo "training the seed model into $(dirname "$MODEL") (once) ..."
  "$JAVA" $FLAG -jar "$JAR" train --out "$(dirname "$MODEL")" > "$OUT/seed-train.log" 2>&1 \
    || { tail -5 "$OUT/seed-train.log" >&2; exit 1; }
  grep '^final' "$OUT/seed-train.log" || true
fi

# Compiled once with javac, so no run pays for in-JVM compilation of a source-file program.
rm -rf target/compare/embed-classes
"$JAVAC" --release 17 -cp "$JAR" -d target/compare/embed-classes jmh/compare/EmbedProgram.java
CP="$JAR:target/compare/embed-classes"
echo "model $MODEL, data $DATA; $RUNS runs per cell, fresh JVMs, flag and no flag alternating"

now() { date +%s.%N; }
# keep NAME VALUE: appends one run's value to NAME's list
keep() { echo "$2" >> "$OUT/$1.values"; }
median() { sort -g "$OUT/$1.values" | awk '{ v[NR] = $1 } END {
  if (NR == 0) print "nan"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "nan" || b == "nan") print "–"; else printf "%.2f", a / b }'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { if (v == "nan") print "–"; else printf f, v }'; }
# wall MODE NAME CMD...: runs CMD once, keeps its wall seconds as NAME-MODE, output in NAME-MODE.log
wall() { local mode=$1 name=$2 t0 t1 s; shift 2; t0=$(now)
  if ! "$@" > "$OUT/$name-$mode.log" 2>&1; then
    echo "failed ($mode): $*" >&2; tail -5 "$OUT/$name-$mode.log" >&2; exit 1; fi
  t1=$(now); s=$(awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
  keep "$name-$mode" "$s"; echo "$s"; }

# embed MODE JVM-FLAGS...: one EmbedProgram run; keeps each RESULT value as KEY-MODE
embed() { local mode=$1 line s; shift
  s=$(wall "$mode" embed "$JAVA" "$@" -cp "$CP" EmbedProgram "$MODEL" "$IMAGES" "$LABELS")
  line=$(grep '^RESULT ' "$OUT/embed-$mode.log") \
    || { echo "no RESULT line ($mode):" >&2; tail -5 "$OUT/embed-$mode.log" >&2; exit 1; }
  for kv in ${line#RESULT }; do keep "${kv%%=*}-$mode" "${kv#*=}"; done
  printf '  %-7s embed  %6s s  %s | %s\n' "$mode" "$s" "${line#RESULT }" \
    "$(grep '^kernels' "$OUT/embed-$mode.log")"
  cat "$OUT/embed-$mode.log" >> "$OUT/embed-$mode.all.log"; }

cli() { local mode=$1 p e; shift
  p=$(wall "$mode" predict "$JAVA" "$@" -jar "$JAR" predict --model "$MODEL" --idx "$IMAGES" --first 1000)
  printf '  %-7s predict --first 1000 %6s s\n' "$mode" "$p"
  e=$(wall "$mode" evaluate "$JAVA" "$@" -jar "$JAR" evaluate --model "$MODEL")
  printf '  %-7s evaluate             %6s s  %s\n' "$mode" "$e" \
    "$(grep -i -m1 'accuracy' "$OUT/evaluate-$mode.log" || true)"; }

train() { local mode=$1 s; shift
  s=$(wall "$mode" train "$JAVA" "$@" -jar "$JAR" train --out "target/compare/train-$mode")
  printf '  %-7s train %7s s  %s\n' "$mode" "$s" "$(grep '^done:' "$OUT/train-$mode.log" || echo 'no done: line')"; }

for r in $(seq "$RUNS"); do
  echo "round $r:"
  embed flag $FLAG;  embed noflag
  cli flag $FLAG;    cli noflag
  if [ "${TRAIN:-0}" = 1 ]; then train flag $FLAG; train noflag; fi
done

# row LABEL KEY FORMAT [P99]: one Markdown row of medians, no flag | flag | flag / no flag
row() { local a b ca cb; a=$(median "$2-noflag"); b=$(median "$2-flag")
  ca=$(fmt "$a" "$3"); cb=$(fmt "$b" "$3")
  if [ -n "${4:-}" ]; then
    ca="$ca (p99 $(fmt "$(median "$4-noflag")" '%.0f') µs)"
    cb="$cb (p99 $(fmt "$(median "$4-flag")" '%.0f') µs)"
  fi
  echo "| $1 | $ca | $cb | $(ratio "$b" "$a") |"; }

echo
echo "$JDK; $CPU; medians of $RUNS fresh JVMs per cell:"
echo
echo "| | plain Java (no flag) | with \`--add-modules jdk.incubator.vector\` | flag / no flag |"
echo "|---|---:|---:|---:|"
row "load + first prediction" first_ms '%.0f ms'
row "10 000 single predictions" single_ms '%.0f ms' single_p99_us
row "predictBatch of 10 000, after those" batch_ms '%.0f ms'
row "predictBatch of 10 000 once warm (after \`Kernels.warmUp()\`)" warm_batch_ms '%.0f ms'
row "\`vecprop predict --idx t10k-images --first 1000\` (process wall)" predict '%.2f s'
row "\`vecprop evaluate\` (process wall)" evaluate '%.2f s'
[ "${TRAIN:-0}" = 1 ] && row "\`vecprop train\`, default flags (process wall)" train '%.2f s'
echo
# JVM start (and exit) outside main, per run: EmbedProgram's process wall time minus its time in main
paste "$OUT/embed-noflag.values" "$OUT/in_main_s-noflag.values" | awk '{ print $1 - $2 }' > "$OUT/outside_main-noflag.values"
paste "$OUT/embed-flag.values" "$OUT/in_main_s-flag.values" | awk '{ print $1 - $2 }' > "$OUT/outside_main-flag.values"
echo "also, medians no flag / flag: Kernels.warmUp() $(fmt "$(median warmup_s-noflag)" '%.2f')" \
  "/ $(fmt "$(median warmup_s-flag)" '%.2f') s; EmbedProgram process $(fmt "$(median embed-noflag)" '%.2f')" \
  "/ $(fmt "$(median embed-flag)" '%.2f') s, of which outside main (JVM start, exit)" \
  "$(fmt "$(median outside_main-noflag)" '%.3f') / $(fmt "$(median outside_main-flag)" '%.3f') s" \
  "(ProcessHandle start to main: $(median start_to_main_ms-noflag) / $(median start_to_main_ms-flag) ms," \
  "with Linux's whole-second boot-time offset; compare only the two); test accuracy single/batch/warm" \
  "$(median acc-noflag)/$(median acc_batch-noflag)/$(median acc_warm-noflag)" \
  "/ $(median acc-flag)/$(median acc_batch-flag)/$(median acc_warm-flag)"
echo "every run's values: $OUT/*.values"
