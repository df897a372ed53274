#!/usr/bin/env bash
# Builds the benchmarks and runs the goal runner: every goal printed as a ratio to a ceiling measured in
# the same run, with PASS / MISS. Results land in ep-benchmarks/target/bench/results-<profile>.md.
#   ep-benchmarks/run.sh quick   # about 7 minutes on 2 cores
#   ep-benchmarks/run.sh full    # ~40 minutes: all sizes, 2 forks, longer iterations, tree references
#   ep-benchmarks/run.sh jmh ARGS...  # the plain JMH command line on benchmarks.jar
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-quick}"
if [[ "${EP_BENCH_SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -pl ep-benchmarks -am package -DskipTests
fi
jar=ep-benchmarks/target/benchmarks.jar
if [[ "$profile" == "jmh" ]]; then
  shift
  exec java -jar "$jar" "$@"
fi
exec java -Xmx3g -Djdk.attach.allowAttachSelf=true -Dep.bench.python.script=ep-benchmarks/src/main/python/peers.py \
  -cp "$jar" io.evalprotocol.benchmarks.runner.Goals "$profile" ep-benchmarks/target/bench
