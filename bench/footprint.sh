#!/usr/bin/env bash
# The packaged operator's memory and CPU through a burst of claims, measured to size the chart's resources.
#
#   bench/footprint.sh [claims (default 1000)] [jvm|native ...]     needs kubectl, curl and bc
#
# jvm (the default) runs target/quarkus-app/quarkus-run.jar (./mvnw package) as the image runs it
# (its entrypoint's flags, -XX:MaxRAM=512m for the chart's limit), native runs target/ipam-operator-runner
# (./mvnw package -Pnative, -Xmx384m). Several variants run one after the other on one throwaway control
# plane (the test suite's, from its cache). Each: time from process start to /q/health/ready, then one pool and
# <claims> claims created at once, all bound, all deleted, every address gone. Samples resident memory and CPU
# time every 0.5 s and prints idle, peak and settled figures and the thread count.
set -euo pipefail
cd "$(dirname "$0")/.."
claims="${1:-1000}"
shift || true
variants=("${@:-jvm}")
bin="$(ls -d "${IPAM_CONTROL_PLANE_CACHE:-$HOME/.cache/ipam-operator/control-plane}"/*/bin | head -1)"
work="$(mktemp -d)"
cleanup() {
  kill "${operator:-}" "${plane:-}" 2>/dev/null || true; wait 2>/dev/null || true
  cp "$work"/*.log target/ 2>/dev/null || true # the operator's log as target/footprint-<variant>.log
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

src/controlplane/start.sh "$bin" "$work/cp" 23790 23791 26443 $$ >"$work/cp.log" 2>&1 &
plane=$!
until [ -f "$work/cp/ready" ]; do sleep 0.5; done
export KUBECONFIG="$work/cp/kubeconfig"
kubectl apply --server-side -f kubernetes/crds/ -f kubernetes/dependencies/ >/dev/null
kubectl wait --for condition=established crd --all >/dev/null

ticks=$(getconf CLK_TCK)
sample() { # rss_kib cpu_seconds threads
  local stat rss threads
  rss=$(awk '/^VmRSS/ {print $2}' /proc/$operator/status)
  threads=$(awk '/^Threads/ {print $2}' /proc/$operator/status)
  stat=($(sed 's/.*) //' /proc/$operator/stat))
  echo "$rss $(echo "scale=2; (${stat[11]} + ${stat[12]}) / $ticks" | bc) $threads"
}
watch_peak() { while sleep 0.5; do r=$(sample | cut -d' ' -f1); [ "$r" -gt "$(cat "$work/peak" 2>/dev/null || echo 0)" ] && echo "$r" >"$work/peak"; done; }

for i in $(seq 1 "$claims"); do
  printf -- '---\napiVersion: ipam.cluster.x-k8s.io/v1beta2\nkind: IPAddressClaim\nmetadata: {name: c%s, namespace: default}\nspec:\n  poolRef: {apiGroup: ipam.cluster.x-k8s.io, kind: InClusterIPPool, name: footprint}\n' "$i"
done >"$work/claims.yaml"
cat >"$work/pool.yaml" <<YAML
apiVersion: ipam.cluster.x-k8s.io/v1alpha2
kind: InClusterIPPool
metadata: {name: footprint, namespace: default}
spec: {addresses: ["10.0.0.0/16"], prefix: 16, gateway: 10.0.0.1}
YAML

for variant in "${variants[@]}"; do
  case "$variant" in
    jvm) command=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAM=512m -XX:MaxRAMPercentage=65 -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError -jar target/quarkus-app/quarkus-run.jar) ;;
    native) command=(target/ipam-operator-runner -Xmx384m) ;;
    *) echo "unknown variant $variant (jvm or native)" >&2; exit 2 ;;
  esac
  rm -f "$work/peak"
  started=$(date +%s.%N)
  POD_NAME="footprint-$variant" QUARKUS_HTTP_PORT=18080 IPAM_WEBHOOK_PORT=0 "${command[@]}" >"$work/footprint-$variant.log" 2>&1 &
  operator=$!
  until curl -sf localhost:18080/q/health/ready >/dev/null; do sleep 0.02; done
  ready=$(date +%s.%N)
  read -r ready_rss ready_cpu _ < <(sample)
  sleep 10
  read -r idle_rss idle_cpu idle_threads < <(sample)
  watch_peak & watcher=$!

  kubectl apply -f "$work/pool.yaml" >/dev/null
  start=$(date +%s.%N)
  kubectl create -f "$work/claims.yaml" >/dev/null
  until [ "$(kubectl get ipaddresses.ipam.cluster.x-k8s.io -n default --no-headers 2>/dev/null | wc -l)" -ge "$claims" ]; do sleep 1; done
  bound=$(date +%s.%N)
  read -r bound_rss bound_cpu bound_threads < <(sample)
  kubectl delete ipaddressclaims.ipam.cluster.x-k8s.io -n default --all --wait=false >/dev/null
  until [ "$(kubectl get ipaddresses.ipam.cluster.x-k8s.io -n default --no-headers 2>/dev/null | wc -l)" -eq 0 ]; do sleep 1; done
  sleep 10
  kill "$watcher"
  read -r settled_rss settled_cpu _ < <(sample)
  kubectl delete -f "$work/pool.yaml" --wait=true >/dev/null
  kill "$operator"; wait "$operator" 2>/dev/null || true; operator=

  echo "== $variant: ${command[*]}"
  printf 'process start to ready: %.2f s (CPU %s s, resident %d MiB)\n' "$(echo "$ready - $started" | bc)" "$ready_cpu" $((ready_rss / 1024))
  printf 'claims: %s; bound in %.1f s\n' "$claims" "$(echo "$bound - $start" | bc)"
  printf 'resident memory: idle %d MiB, after the burst %d MiB, peak %d MiB, settled %d MiB\n' $((idle_rss / 1024)) $((bound_rss / 1024)) $(($(cat "$work/peak") / 1024)) $((settled_rss / 1024))
  printf 'CPU time: start-up %s s, binding %s s, through deletion %s s\n' "$idle_cpu" "$(echo "$bound_cpu - $idle_cpu" | bc)" "$(echo "$settled_cpu - $idle_cpu" | bc)"
  printf 'threads: idle %s, after the burst %s\n' "$idle_threads" "$bound_threads"
done
