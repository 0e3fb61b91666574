#!/usr/bin/env bash
# The throughput load driver (io.ipamoperator.bench.load.ThroughputDriver) against the test control plane:
# raw floor, claim burst, delete burst, 3 pools x 2 namespaces, burst with addresses already held. Prints one table
# and writes the raw figures as JSON; see bench/RESULTS.md.
#
#   bench/throughput.sh [--claims 1000] [--held 10000] [--concurrency 16] [--operator "<command>"]
#                       [--jfr <file>] [--out <file.json>] [--only floor|held|indexed] [--addresses 100000]
#
# Needs kubectl, the packaged operator (./mvnw package -DskipTests; target/quarkus-app/ or, with
# --operator target/ipam-operator-runner, the native executable) and the control plane binaries the test suite
# builds on its first run. --operator defaults to the image's JVM command line with a 512 MiB container limit
# (-XX:MaxRAM=512m and the entrypoint's flags). --jfr records a Flight Recorder profile of the first burst, a heap
# histogram with the addresses held and, if the operator runs with -XX:NativeMemoryTracking=summary, its NMT summary
# (JVM only). --only floor runs the floor alone; --only held only the operator with addresses held (start-up,
# burst, footprint), for iterating on those; --only indexed writes --addresses IPAddresses without claims and
# starts the operator on them (the index's rebuild and memory alone). The operator's log goes to the run's temporary directory (printed first).
set -euo pipefail
cd "$(dirname "$0")/.."
# (re)built when missing or older than its sources: a stale jar ran with another default --operator once
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find bench/src bench/pom.xml -newer bench/target/benchmarks.jar -print -quit)" ]; then
  ./mvnw -q -f bench/pom.xml package -DskipTests
fi
exec java -cp bench/target/benchmarks.jar io.ipamoperator.bench.load.ThroughputDriver "$@"
