#!/usr/bin/env bash
# Bounded-time fuzzing of every @FuzzTest in ep-reliability (coverage-guided, Jazzer 0.24 on JDK 17+).
#
#   ep-reliability/fuzz.sh [SECONDS_PER_TARGET] [Class#method ...]
#
# Builds the reactor once (test-compile, no install), then runs each target in its own JVM with Jazzer's
# standalone driver for SECONDS_PER_TARGET seconds (default 60). Without Class#method arguments it runs every
# @FuzzTest it finds. The corpus grows in target/fuzz/corpus/<Class>/<method>; findings (crashing inputs,
# Java reproducers) land in target/fuzz/findings. To keep a finding as a regression case, copy the input into
# src/test/resources/io/evalprotocol/reliability/fuzz/<Class>Inputs/<method>/ (the default build replays it).
# Exit status: 0 when no target found anything, 1 otherwise. Summary in target/fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")"
module_dir=$(pwd)
seconds=${1:-60}
shift || true

(cd .. && ./mvnw -q -B -pl ep-reliability -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test)
cp="target/test-classes:$(cat target/test.classpath)"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  while IFS= read -r file; do
    class=$(basename "$file" .java)
    # the method declared on the line after each @FuzzTest annotation
    while IFS= read -r method; do
      targets+=("$class#$method")
    done < <(grep -A1 '@FuzzTest' "$file" | grep -oE 'void [A-Za-z0-9_]+' | sed 's/void //')
  done < <(grep -l '@FuzzTest' src/test/java/io/evalprotocol/reliability/fuzz/*.java | sort)
fi

mkdir -p target/fuzz/findings
summary=target/fuzz/summary.txt
: > "$summary"
failed=0
for target in "${targets[@]}"; do
  class=${target%%#*}
  method=${target##*#}
  corpus=target/fuzz/corpus/$class/$method
  seeds=src/test/resources/io/evalprotocol/reliability/fuzz/${class}Inputs/$method
  mkdir -p "$corpus"
  log=target/fuzz/$class-$method.log
  echo "== $class#$method for ${seconds}s (log: ep-reliability/$log)"
  dirs=("$corpus")
  [ -d "$seeds" ] && dirs+=("$seeds")
  start=$(date +%s)
  set +e
  java -Xmx1g -Xss4m -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="io.evalprotocol.reliability.fuzz.$class" --target_method="$method" \
      --instrumentation_includes='io.evalprotocol.**:com.fasterxml.jackson.core.**:org.eclipse.parsson.**' \
      --reproducer_path=target/fuzz/findings \
      -artifact_prefix="target/fuzz/findings/$class-$method-" \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
      "${dirs[@]}" > "$log" 2>&1
  status=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  runs=$(grep -aoE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo "?")
  cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1 || echo "cov: ?")
  if [ $status -eq 0 ]; then
    result=ok
  else
    result="FINDING (exit $status)"
    failed=1
  fi
  printf '%-60s %6ss %10s runs  %-10s %s\n' "$class#$method" "$elapsed" "$runs" "$cov" "$result" | tee -a "$summary"
done
echo "summary: $module_dir/$summary"
exit $failed
