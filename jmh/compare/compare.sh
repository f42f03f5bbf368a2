#!/usr/bin/env bash
# The seed's whole job, process start to exit, in vecprop (Vector API and plain Java) and in
# NumPy + OpenBLAS, interleaved on the same machine; prints each wall time, the medians and the
# ratios. Wall times on a shared VM drift by ±20 % between minutes, so the runs alternate and the
# ratio is taken of medians.
# usage: jmh/compare/compare.sh [iterations [runs]]     (from the repository root, after
#        `mvn -q package -DskipTests`; the first vecprop run fetches MNIST if needed)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java jmh/compare/compare.sh   runs vecprop on JDK 25
#   SCALAR=0 jmh/compare/compare.sh                                        skips the plain-Java run
set -euo pipefail
cd "$(dirname "$0")/../.."
ITERS=${1:-10000}
RUNS=${2:-3}
JAVA=${JAVA:-java}
JAR=target/vecprop.jar
[ -f "$JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
"$JAVA" -version 2>&1 | head -1
"$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" info 2>/dev/null | head -3
mkdir -p target/compare
# Make sure the data is in the cache before timing anything.
"$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" train --iters 1 --out target/compare/warm >/dev/null 2>&1

now() { date +%s.%N; }
# run LABEL CMD...: one timed run; prints "LABEL <seconds> <final line>" and appends seconds to LABEL's list
run() { local label=$1 t0 t1 s; shift; t0=$(now); "$@" > target/compare/last.log 2>&1; t1=$(now)
  s=$(awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
  printf '  %-22s %6s s  %s\n' "$label" "$s" "$(grep '^final' target/compare/last.log | tr '\n' ' ')"
  echo "$s" >> "target/compare/$label.times"; }
median() { sort -n "target/compare/$1.times" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

rm -f target/compare/*.times
NUMPY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"
echo "NumPy $(python3 -c 'import numpy; print(numpy.__version__)'), OPENBLAS_CORETYPE/L2_SIZE unset; $ITERS iterations, $RUNS rounds"
for r in $(seq "$RUNS"); do
  echo "round $r:"
  run vecprop "$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" train --iters "$ITERS" --out target/compare/simd
  run numpy-1-thread $NUMPY OPENBLAS_NUM_THREADS=1 python3 jmh/compare/seed_numpy.py --iters "$ITERS"
  run numpy-all-cores $NUMPY python3 jmh/compare/seed_numpy.py --iters "$ITERS"
done
if [ "${SCALAR:-1}" != 0 ]; then
  echo "plain Java (-Dvecprop.simd=off), once:"
  run plain-java "$JAVA" -Dvecprop.simd=off -jar "$JAR" train --iters "$ITERS" --out target/compare/scalar
fi
V=$(median vecprop); N=$(median numpy-1-thread); N2=$(median numpy-all-cores)
echo "medians: vecprop $V s, NumPy 1 thread $N s, NumPy all cores $N2 s"
echo "vecprop (Vector API) / NumPy 1 thread  = $(ratio "$V" "$N")"
echo "vecprop (Vector API) / NumPy all cores = $(ratio "$V" "$N2")"
