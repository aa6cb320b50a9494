#!/usr/bin/env bash
# Prints every benchmark figure next to its baseline from the same run: write cost and round trips,
# throughput, CPU per event, cold start, reset. Needs what the Quick start needs (a JDK 17+ and
# Python 3). Figures vary with the machine; the ratios to their baselines are what to compare.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source infra/versions.env
bash infra/local/install-engine.sh >/dev/null
venv="${METERING_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/usage-metering}/moto-$MOTO_VERSION"
echo "[bench] building (functions, baselines, benchmark classpath; tests skipped)"
./mvnw -B -q -ntp -DskipTests install
if ! compgen -G "infra/local/ric/target/jars/aws-lambda-java-runtime-interface-client-*.jar" >/dev/null; then
  echo "[bench] fetching the Lambda runtime interface client"
  ./mvnw -B -q -ntp -f infra/local/ric/pom.xml dependency:copy-dependencies -Dric.version="$LAMBDA_RUNTIME_CLIENT_VERSION" -DoutputDirectory="$root/infra/local/ric/target/jars"
fi
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.metering.bench.Benchmarks
# The JVM options are the template's (coldstart.py reads them), for the functions and the baselines alike.
# Its rounds: METERING_COLDSTART_ROUNDS, else coldstart.py's default.
"$venv/bin/python" benchmarks/coldstart.py
