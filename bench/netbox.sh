#!/usr/bin/env bash
# The NetBox client alone against a real NetBox (src/netbox/netbox.sh): N allocations one request each
# (sequentially and from 8 threads) and in batches; prints a Markdown table (see bench/RESULTS.md).
#
#   bench/netbox.sh [N]     # default 1000; NetBox runs in target/bench-netbox/ and is stopped afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find bench/src bench/pom.xml src/main/java/io/ipamoperator/netbox -newer bench/target/benchmarks.jar -print -quit)" ]; then
  ./mvnw -q -f bench/pom.xml package -DskipTests
fi
work=target/bench-netbox
trap 'src/netbox/netbox.sh stop "$work" >/dev/null 2>&1 || true' EXIT
src/netbox/netbox.sh start "$work" >/dev/null
# shellcheck disable=SC1091
. "$work/netbox.env"
java -cp bench/target/benchmarks.jar io.ipamoperator.bench.netbox.NetBoxAllocationBench "$NETBOX_URL" "$NETBOX_TOKEN" "${1:-1000}"
