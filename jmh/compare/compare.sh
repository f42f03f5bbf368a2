#!/usr/bin/env bash
# The seed's whole job, process start to exit, in vecprop (Vector API and plain Java) and in
# NumPy + OpenBLAS, one after the other on the same machine; prints wall times and ratios.
# usage: jmh/compare/compare.sh [iterations]      (run from the repository root, after
#        `mvn -q package -DskipTests`; the first vecprop run fetches MNIST if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
ITERS=${1:-10000}
JAR=target/vecprop.jar
[ -f "$JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
java --add-modules jdk.incubator.vector -jar "$JAR" info | head -3
# Make sure the data is in the cache before timing anything.
java --add-modules jdk.incubator.vector -jar "$JAR" train --iters 1 --out target/compare/warm >/dev/null

now() { date +%s.%N; }
run() { local t0 t1; t0=$(now); "$@" > target/compare/last.log 2>&1; t1=$(now);
  grep '^final' target/compare/last.log | tr '\n' ' '; awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.1f\n", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }

mkdir -p target/compare
echo "vecprop, Vector API, $ITERS iterations:"
V=$(run java --add-modules jdk.incubator.vector -jar "$JAR" train --iters "$ITERS" --out target/compare/simd); echo "  $V s"
echo "vecprop, plain Java (-Dvecprop.simd=off):"
S=$(run java -Dvecprop.simd=off -jar "$JAR" train --iters "$ITERS" --out target/compare/scalar); echo "  $S s"
echo "NumPy $(python3 -c 'import numpy; print(numpy.__version__)') + OpenBLAS, one thread, OPENBLAS_CORETYPE/L2_SIZE unset:"
N=$(run env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 jmh/compare/seed_numpy.py --iters "$ITERS"); echo "  $N s"
echo "NumPy, all cores:"
N2=$(run env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 jmh/compare/seed_numpy.py --iters "$ITERS"); echo "  $N2 s"
v=${V##* }; n=${N##* }; n2=${N2##* }
echo "vecprop (Vector API) / NumPy 1 thread  = $(ratio "$v" "$n")"
echo "vecprop (Vector API) / NumPy all cores = $(ratio "$v" "$n2")"
