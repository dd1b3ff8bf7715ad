#!/usr/bin/env bash
# Runs one benchmark: bench/run.sh NAME [args...]
# NAME maps to the class dev.switchboard.bench.<Name>Bench in this module (routing -> RoutingBench).
# The last line printed is `RESULT NAME key=value ...`.
set -euo pipefail
name="${1:?usage: bench/run.sh NAME [args...]}"
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl bench -am >&2
fi
class="dev.switchboard.bench.$(tr '[:lower:]' '[:upper:]' <<<"${name:0:1}")${name:1}Bench"
# The server's classes, not switchboard.jar: its manifest Class-Path would add lib/ a second time.
cp="bench/target/classes:$(sed "s#$root/platform/server/target/switchboard.jar#$root/platform/server/target/classes#" bench/target/classpath.txt)"
exec java ${BENCH_JAVA_OPTS:--Xmx8g} -cp "$cp" "$class" "$@"
