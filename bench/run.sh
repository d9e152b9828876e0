#!/usr/bin/env bash
# Runs every benchmark with its baseline in one go and prints the figures table (see docs/performance.md).
# On demand only, never in CI. About 8 minutes on 2 cores plus the build; --smoke takes about two minutes and its numbers
# are not figures (small file, one short iteration). The first run also writes the 1,000,000-event audit chain
# (bench/target/audit-chain-1000000, about a minute here); later runs reuse it.
#
# usage: bash bench/run.sh [--smoke] [--skip-build]
# environment (all optional):
#   FIXTURES       fixtures folder (default engine/src/test/resources/fixtures); JMH gets the same folder
#   TRUSTED_ROOT, BUNDLE, ARTIFACT, IDENTITY, ISSUER   what the verify baselines use (defaults below)
#   COLD_RUNS      cold process runs per CLI (default 10)
#   MVN_FLAGS      extra Maven flags, e.g. -o
#   JMH_FILTER     regexp of benchmarks to run (default: all)
#   KEEP_DATA=1    keep the 1 GiB digest data file in bench/target for the next run
#   COLD_TIMER=loop  time the cold CLIs with the bash loop even when hyperfine is installed
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)

smoke=0
build=1
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    --skip-build) build=0 ;;
    *) echo "usage: bash bench/run.sh [--smoke] [--skip-build]" >&2; exit 2 ;;
  esac
done

fixtures=$(cd "${FIXTURES:-$repo/engine/src/test/resources/fixtures}" && pwd)
trusted_root=${TRUSTED_ROOT:-$fixtures/trusted-roots/public-good.json}
bundle=${BUNDLE:-$fixtures/maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar.sigstore.json}
artifact=${ARTIFACT:-$fixtures/maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar}
identity=${IDENTITY:-https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0}
issuer=${ISSUER:-https://token.actions.githubusercontent.com}

if [ "$smoke" = 1 ]; then
  size_mib=64; jmh_opts=(-f 1 -wi 0 -i 1 -r 1s); warm_opts=(-f 1 -wi 2 -w 2s -i 1 -r 2s); node_ms=(--warmup-ms 500 --measure-ms 1000); cold_runs=${COLD_RUNS:-3}
else
  size_mib=1024; jmh_opts=(-f 1 -wi 2 -w 2s -i 3 -r 2s); warm_opts=(-f 1 -wi 6 -w 3s -i 3 -r 3s); node_ms=(--warmup-ms 3000 --measure-ms 5000)
  cold_runs=${COLD_RUNS:-10}
fi

results=$repo/bench/target/results
peers=$repo/bench/.npm-peers
data_file=$repo/bench/target/digest-data-${size_mib}MiB.bin
rm -rf "$results"
mkdir -p "$results"
skip() { # skip NAME REASON: record why a measurement is missing; the table prints it
  echo "$2" > "$results/$1.skipped"
  echo "   skipped $1: $2"
}
step() { echo; echo "== $*"; }
started=$SECONDS
# Where allowed (root), the verify baselines and both CLIs run in a network namespace with no interface up, so
# "offline" is enforced rather than assumed; the wrapper costs both sides of the cold comparison the same.
offline=()
if unshare -n true 2>/dev/null; then
  offline=(unshare -n); echo "no network (unshare -n)" > "$results/network.txt"
else
  echo "network not isolated (unshare -n not permitted)" > "$results/network.txt"
fi
# The machine is shared: the load average goes into the table header, so a noisy run shows as one.
cut -d' ' -f1-3 /proc/loadavg > "$results/load-start.txt" 2>/dev/null || true

step "node peers (@sigstore/verify, @sigstore/bundle, @sigstore/cli) into bench/.npm-peers"
node_ok=0
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  node_reason="node/npm not installed"
elif [ -f "$peers/node_modules/@sigstore/verify/package.json" ] \
    && grep -q '"version": "4.1.3"' "$peers/node_modules/@sigstore/verify/package.json" \
    && [ -x "$peers/node_modules/.bin/sigstore" ]; then
  node_ok=1; echo "   already installed"
elif npm install --prefix "$peers" --no-audit --no-fund --loglevel=error \
    @sigstore/verify@4.1.3 @sigstore/bundle@5.0.1 @sigstore/cli@0.10.3; then
  node_ok=1
else
  node_reason="npm install of the peers failed"
fi

if [ "$build" = 1 ]; then
  step "build: mvn -B -q -pl engine,cli,bench -am -DskipTests package"
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -pl engine,cli,bench -am -DskipTests package
fi
jar=$repo/bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "run.sh: $jar missing; build first" >&2; exit 2; }

step "JMH: ${jmh_opts[*]} (digest file ${size_mib} MiB); verify, gate and PostgreSQL: ${warm_opts[*]}"
# -prof gc adds gc.alloc.rate.norm (bytes allocated per operation): the digest's "heap flat" check.
# Progress shows one line per benchmark and iteration; the full log is kept in bench/target/results/jmh.log.
# Verification and the gate run ECDSA and SHA-256 code that C2 compiles late on a loaded machine; "warm" means steady
# state, so they get a longer warm-up in a second JMH run (jmh-warm.json; the report reads every jmh*.json). So do
# both sides of the PostgreSQL comparison: our store's statement was still getting faster 3-6 s into a trial.
run_jmh() { # run_jmh JSON_NAME FILTER OPTIONS...
  local json=$1 filter=$2; shift 2
  if ! java -jar "$jar" -l "$filter" | grep -q 'bench\.'; then
    return 0 # JMH_FILTER left nothing for this run
  fi
  set +e
  java -jar "$jar" "$@" -prof gc -p sizeMiB="$size_mib" -p dataFile="$data_file" -p fixtures="$fixtures" \
    -rf json -rff "$results/$json" "$filter" 2>&1 | tee -a "$results/jmh.log" \
    | grep --line-buffered '^# Benchmark:\|^# Parameters:\|^Iteration\|^# Warmup Iteration\|ERROR\|Exception'
  local rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" != 0 ]; then
    echo "run.sh: JMH exited $rc; log: $results/jmh.log" >&2
    exit 1
  fi
}
warm_set='VerifyBenchmark|GateBenchmark|PostgresBaselineBenchmark'
filter=${JMH_FILTER:-.*}
run_jmh jmh.json "^(?!.*($warm_set)).*($filter)" "${jmh_opts[@]}"
run_jmh jmh-warm.json "^(?=.*($warm_set)).*($filter)" "${warm_opts[@]}"

step "openssl dgst -sha256 on the same file"
if ! command -v openssl >/dev/null; then
  skip openssl "openssl not installed"
elif [ ! -f "$data_file" ]; then
  skip openssl "digest data file not created (DigestBenchmark filtered out?)"
else
  openssl dgst -sha256 "$data_file" >/dev/null # warm the page cache as the JMH warm-up did
  # Wall time, like JMH's, so the two compare; CPU time (user + sys) is kept too: on a loaded machine the
  # difference is time spent waiting for a core.
  TIMEFORMAT='%R %U %S'
  times=(); cpus=()
  for _ in 1 2 3; do
    read -r real user sys < <( { time openssl dgst -sha256 "$data_file" >/dev/null; } 2>&1 )
    times+=("$real"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
  done
  # Median of three, as a number of seconds.
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
  printf '{"bytes": %d, "seconds": %s, "runs": [%s], "cpuSeconds": [%s], "version": "%s"}\n' \
    "$(stat -c %s "$data_file")" "$median" "$(IFS=,; echo "${times[*]}")" "$(IFS=,; echo "${cpus[*]}")" \
    "$(openssl version)" > "$results/openssl.json"
  echo "   wall ${times[*]} s, cpu ${cpus[*]} s (median wall $median s for $(stat -c %s "$data_file") bytes)"
fi
[ "${KEEP_DATA:-0}" = 1 ] || rm -f "$data_file"

step "node warm verify loop (bench/node/verify-loop.mjs)"
if [ "$node_ok" != 1 ]; then
  skip node-warm "$node_reason"
elif ! "${offline[@]}" node bench/node/verify-loop.mjs --trusted-root "$trusted_root" --bundle "$bundle" --artifact "$artifact" \
    --identity "$identity" --issuer "$issuer" "${node_ms[@]}" --json "$results/node-warm.json"; then
  skip node-warm "verify-loop.mjs failed (see output above)"
fi

# Times COLD_RUNS runs of a command; hyperfine if installed (no shell, one warm-up run that e.g. writes the CDS
# archive), else a bash loop writing the same JSON shape.
time_cold() { # time_cold NAME COMMAND...
  local name=$1; shift
  if [ "${COLD_TIMER:-}" != loop ] && command -v hyperfine >/dev/null; then
    hyperfine -N --style basic --warmup 1 --runs "$cold_runs" --export-json "$results/$name.json" \
      "$(printf '%q ' "$@")" | sed -n '/Time (mean/,/Range/p'
  else
    "$@" >/dev/null 2>&1 || true
    local list=() i start end
    for ((i = 0; i < cold_runs; i++)); do
      start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
      list+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')")
    done
    printf '%s\n' "${list[@]}" | awk -v runs="$(IFS=,; echo "${list[*]}")" '
      { n++; s += $1; q += $1 * $1 }
      END { m = s / n; v = q / n - m * m; if (v < 0) v = 0;
            printf "{\"results\": [{\"mean\": %.6f, \"stddev\": %.6f, \"times\": [%s]}]}\n", m, sqrt(v), runs }' \
      > "$results/$name.json"
    echo "   mean $(sed 's/.*"mean": \([0-9.]*\).*/\1/' "$results/$name.json") s over $cold_runs runs (bash loop)"
  fi
}

# A cold figure is only taken for a command that verifies the fixture; otherwise the reason goes in the table.
cold_if_verifies() { # cold_if_verifies NAME COMMAND...
  local name=$1; shift
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" != 0 ]; then
    skip "$name" "exit $rc on the fixture: $(echo "$out" | grep -v '^\s*$' | head -1 | cut -c1-120)"
    return
  fi
  time_cold "$name" "$@"
}

step "cold CLI: sigstore verify (@sigstore/cli 0.10.3), offline via a seeded TUF cache"
if [ "$node_ok" != 1 ]; then
  skip cold-node "$node_reason"
else
  # Port 9 (discard) on loopback: if the CLI ever tried the network it would fail at once, not reach out.
  mirror=http://127.0.0.1:9/offline-tuf
  tuf_cache=$repo/bench/target/tuf-cache
  rm -rf "$tuf_cache"
  tuf_root=$(node bench/node/seed-tuf-cache.mjs "$trusted_root" "$tuf_cache" "$mirror")
  cold_if_verifies cold-node "${offline[@]}" "$peers/node_modules/.bin/sigstore" verify "$bundle" --blob-file "$artifact" \
    --certificate-identity-uri "$identity" --certificate-issuer "$issuer" \
    --tuf-mirror-url "$mirror" --tuf-root-path "$tuf_root" --tuf-cache-path "$tuf_cache" --tuf-force-cache
fi

step "cold CLI: bin/promotion-gates verify"
# "Built" = the jar exists and its verify command knows the contract's --trusted-root option.
if [ ! -f "$repo/cli/target/promotion-gates.jar" ] \
    || ! bin/promotion-gates verify --help 2>&1 | grep -q -- '--trusted-root'; then
  skip cold-ours "CLI verify not built"
else
  cold_if_verifies cold-ours "${offline[@]}" bin/promotion-gates verify --artifact "$artifact" --bundle "$bundle" \
    --trusted-root "$trusted_root" --identity "$identity" --issuer "$issuer"
fi

cut -d' ' -f1-3 /proc/loadavg > "$results/load-end.txt" 2>/dev/null || true
step "table (also written to bench/target/results/performance-table.md) after $((SECONDS - started)) s"
java -cp "$jar" io.jenkins.plugins.promotiongates.bench.ReportTable "$results" "$results/performance-table.md" \
  "$(date -u +%F)"
