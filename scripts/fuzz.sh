#!/usr/bin/env bash
# Fuzzes the scenario loader, validator and plan compiler with AFL++ and SharpFuzz (see docs/fuzzing.md).
# Usage: scripts/fuzz.sh [SECONDS]   (default 3600; run again to resume where the last run stopped)
# Output: $FUZZ_OUT (default /tmp/exportflow-fuzz): findings/default/{crashes,hangs,queue,fuzzer_stats}.
# Replay a finding with a plain (uninstrumented) build: dotnet build Fuzzing -c Release -o /tmp/plain && dotnet /tmp/plain/Fuzzing.dll FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3600}"
out="${FUZZ_OUT:-/tmp/exportflow-fuzz}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PATH="$PATH:$HOME/.dotnet/tools"

# 1. Tools: AFL++ (Debian package) and the SharpFuzz instrumenter (dotnet tool).
if ! command -v afl-fuzz >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update && $sudo apt-get install -y afl++
fi
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0
fi

# 2. Build the harness into its own folder and instrument the loader (exportflow.dll) and YamlDotNet.
rm -rf "$out/bin"
dotnet build Fuzzing/Fuzzing.csproj -c Release -o "$out/bin" -p:UseAppHost=false
for dll in exportflow.dll YamlDotNet.dll; do
  sharpfuzz "$out/bin/$dll"
done

# 3. Seed corpus: the shipped scenarios, the valid test scenarios and the malformed corpus.
mkdir -p "$out/in"
for f in scenarios/*.yaml Simulation.Tests/Scenarios/Valid/*.yaml Simulation.Tests/Scenarios/Malformed/*.yaml; do
  cp "$f" "$out/in/$(basename "$(dirname "$f")")-$(basename "$f")"
done

# 4. Fuzz on one core; a second run resumes from findings/ instead of the seeds.
input="$out/in"
[ -f "$out/findings/default/fuzzer_stats" ] && input="-"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
afl-fuzz -i "$input" -o "$out/findings" -x Fuzzing/yaml.dict -t 5000 -m none -V "$seconds" \
  -- dotnet "$out/bin/Fuzzing.dll"

stats="$out/findings/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs)' "$stats" || true
echo "crashes: $out/findings/default/crashes  hangs: $out/findings/default/hangs"
