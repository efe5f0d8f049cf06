#!/bin/sh
# Runs a benchmark against this checkout's own build (target/ directories), never `mvn install`: the shared
# ~/.m2 must not receive this checkout's SNAPSHOTs. Usage: bench/run.sh [RestoreBench|RollbackBench|AlertsBench] [ARGS...]
set -eu
cd "$(dirname "$0")/.."
bench="${1:-RestoreBench}"
[ $# -gt 0 ] && shift
mvn -B -ntp -q -DskipTests -pl core,cli -am package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt
classpath="$PWD/core/target/classes:$PWD/core/target/test-classes:$(cat core/target/classpath.txt)"
rm -rf bench/target/classes
mkdir -p bench/target/classes
javac --release 17 -nowarn -d bench/target/classes -cp "$classpath" -sourcepath bench/src/main/java "bench/src/main/java/dev/smctl/bench/$bench.java"
cd bench
exec java -cp "target/classes:$classpath" "dev.smctl.bench.$bench" "$@"
