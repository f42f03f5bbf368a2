#!/usr/bin/env bash
# The library checks (issue #11), run from the repository root: the core installs with its
# sources and javadoc jars; a separate Maven project that declares only io.github.vecprop:vecprop
# compiles against the installed artifact and classifies an image through Model, with and
# without --add-modules jdk.incubator.vector; two clean builds give byte-identical jars; and
# `mvn javadoc:javadoc` builds the public API with doclint on and no warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B --no-transfer-progress -Dstyle.color=never"
fail() { echo "library.sh: $*" >&2; exit 1; }

echo "== install the core with its sources and javadoc jars (-Prelease)"
$MVN -q -Prelease install -DskipTests
VERSION=$(sed -n 's/^version=//p' target/classes/io/github/vecprop/version.properties)
[ -n "$VERSION" ] || fail "no version in target/classes/io/github/vecprop/version.properties"
echo "core version $VERSION"
for f in target/vecprop.jar target/vecprop-sources.jar target/vecprop-javadoc.jar; do
  [ -s "$f" ] || fail "$f was not built"
done

echo "== manifest, 'vecprop info' and the jmh/ build agree on the version"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && jar xf "$OLDPWD/target/vecprop.jar" META-INF/MANIFEST.MF)
tr -d '\r' < "$tmp/META-INF/MANIFEST.MF" > "$tmp/manifest.txt"
for line in "Implementation-Version: $VERSION" "Automatic-Module-Name: io.github.vecprop" \
    "Main-Class: io.github.vecprop.cli.Main"; do
  grep -qx "$line" "$tmp/manifest.txt" || fail "the jar's manifest lacks '$line'"
done
info_version=$(java -jar target/vecprop.jar info 2>/dev/null | sed -n 's/^version  *//p')
[ "$info_version" = "$VERSION" ] || fail "'vecprop info' printed version '$info_version', expected $VERSION"
jmh_version=$(sed -n 's:.*<vecprop.version>\(.*\)</vecprop.version>.*:\1:p' jmh/pom.xml)
[ "$jmh_version" = "$VERSION" ] || fail "jmh/pom.xml has vecprop.version '$jmh_version', the core is $VERSION"
echo "manifest Implementation-Version, vecprop info and jmh/pom.xml: $VERSION"

echo "== .ci/consumer: a separate project depending only on io.github.vecprop:vecprop:$VERSION"
(cd .ci/consumer && $MVN -q -Dvecprop.version="$VERSION" clean compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
deps=$(cat .ci/consumer/target/classpath.txt)
case "$deps" in
  *:*) fail "the consumer's classpath has more than the one dependency: $deps" ;;
  */vecprop-"$VERSION".jar) echo "compiled against the installed $deps" ;;
  *) fail "the consumer's classpath is not the installed vecprop-$VERSION.jar: $deps" ;;
esac
CP=".ci/consumer/target/classes:$deps"
echo "-- without the flag (plain-Java kernels)"
java -cp "$CP" example.ClassifyOne scalar
echo "-- with --add-modules jdk.incubator.vector (Vector API kernels)"
java --add-modules jdk.incubator.vector -cp "$CP" example.ClassifyOne panama

echo "== reproducible: two clean builds, in two folders, give byte-identical jars"
for i in 1 2; do
  mkdir -p "$tmp/build$i"
  # The core build's inputs: the POM, the sources and resources, and the LICENSE it packs.
  cp -R pom.xml LICENSE src "$tmp/build$i/"
  (cd "$tmp/build$i" && $MVN -q -Prelease package -DskipTests)
  (cd "$tmp/build$i/target" && sha256sum vecprop.jar vecprop-sources.jar vecprop-javadoc.jar) \
    > "$tmp/sha$i.txt"
done
cat "$tmp/sha1.txt"
cmp -s "$tmp/sha1.txt" "$tmp/sha2.txt" || { diff "$tmp/sha1.txt" "$tmp/sha2.txt" >&2; fail "two clean builds differ"; }
echo "checksums equal: the two clean builds are byte-identical"

echo "== mvn javadoc:javadoc: the public API, doclint on, no warnings"
rm -f target/maven-javadoc-plugin-stale-data.txt   # the plugin skips a run it thinks up to date
$MVN javadoc:javadoc > target/javadoc.raw.log 2>&1 || { cat target/javadoc.raw.log >&2; fail "javadoc failed"; }
# Maven 3.8 starts its output with colour resets even with style.color=never; on JDK 25 the JVM's
# first warning then shares that line. Strip the escape codes before reading the log.
sed 's/\x1b\[[0-9;]*m//g' target/javadoc.raw.log > target/javadoc.log
# javadoc itself repeats javac's notice "using incubating module(s): jdk.incubator.vector" (twice;
# JDK 25 tags it "[incubating]") and counts it among its warnings. It is the expected module
# notice, not a doclint finding, and JDK 17 has no option that drops only it, so exactly that
# line is allowed. Lines starting "WARNING: " (no brackets) are the Maven JVM's own runtime
# warnings (JDK 25 prints four about sun.misc.Unsafe in Maven's guava), not the build's. Any other
# line that says warning fails the check.
NOTICE='warning: (\[incubating\] )?using incubating module\(s\): jdk\.incubator\.vector$'
notices=$(grep -cE "$NOTICE" target/javadoc.log || true)
others=$(grep -i 'warning' target/javadoc.log \
  | grep -vE "$NOTICE" \
  | grep -v '^WARNING: ' \
  | grep -vx '\[WARNING\] Javadoc Warnings' \
  | grep -vxE '\[WARNING\] [0-9]+ warnings?' || true)
counted=$(sed -n 's/^\[WARNING\] \([0-9][0-9]*\) warnings\{0,1\}$/\1/p' target/javadoc.log)
if [ -n "$others" ] || [ "${counted:-0}" != "$notices" ]; then
  echo "$others" | head -60 >&2
  fail "javadoc reported ${counted:-0} warnings, $notices of them the incubating-module notice (full log: target/javadoc.log)"
fi
echo "javadoc: 0 warnings (besides the $notices incubating-module notices); docs in target/reports/apidocs/index.html"
