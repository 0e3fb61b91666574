#!/usr/bin/env bash
# The packaged operator's memory and CPU through a burst of claims, measured to size the chart's resources.
#
#   bench/footprint.sh [claims (default 1000)]      after ./mvnw package; needs kubectl, curl and bc
#
# Starts a throwaway control plane (the test suite's, from its cache) and the operator as the image runs it
# (java -XX:MaxRAMPercentage=75 -jar target/quarkus-app/quarkus-run.jar), with its heap capped as a 512 MiB
# container limit would cap it (-Xmx384m); creates one pool and <claims> claims at once, waits until all are
# bound, deletes them and waits until every address is gone. Samples the process's resident memory and CPU
# time every 0.5 s and prints idle, peak and settled figures.
set -euo pipefail
cd "$(dirname "$0")/.."
claims="${1:-1000}"
bin="$(ls -d "${IPAM_CONTROL_PLANE_CACHE:-$HOME/.cache/ipam-operator/control-plane}"/*/bin | head -1)"
work="$(mktemp -d)"
cleanup() { kill "${operator:-}" "${plane:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

src/controlplane/start.sh "$bin" "$work/cp" 23790 23791 26443 $$ >"$work/cp.log" 2>&1 &
plane=$!
until [ -f "$work/cp/ready" ]; do sleep 0.5; done
export KUBECONFIG="$work/cp/kubeconfig"
kubectl apply --server-side -f kubernetes/crds/ -f kubernetes/dependencies/ >/dev/null
kubectl wait --for condition=established crd --all >/dev/null

POD_NAME=footprint QUARKUS_HTTP_PORT=18080 IPAM_WEBHOOK_PORT=0 \
  java -XX:MaxRAMPercentage=75 -Xmx384m -XX:+ExitOnOutOfMemoryError -jar target/quarkus-app/quarkus-run.jar \
  >"$work/operator.log" 2>&1 &
operator=$!
until curl -sf localhost:18080/q/health/ready >/dev/null; do sleep 0.5; done

ticks=$(getconf CLK_TCK)
sample() { # rss_kib cpu_seconds
  local stat rss
  rss=$(awk '/^VmRSS/ {print $2}' /proc/$operator/status)
  stat=($(sed 's/.*) //' /proc/$operator/stat))
  echo "$rss $(( (stat[11] + stat[12]) / ticks ))"
}
watch_peak() { while sleep 0.5; do r=$(sample | cut -d' ' -f1); [ "$r" -gt "$(cat "$work/peak" 2>/dev/null || echo 0)" ] && echo "$r" >"$work/peak"; done; }
sleep 10
read -r idle_rss idle_cpu < <(sample)
watch_peak & watcher=$!

cat >"$work/pool.yaml" <<YAML
apiVersion: ipam.cluster.x-k8s.io/v1alpha2
kind: InClusterIPPool
metadata: {name: footprint, namespace: default}
spec: {addresses: ["10.0.0.0/16"], prefix: 16, gateway: 10.0.0.1}
YAML
kubectl apply -f "$work/pool.yaml" >/dev/null
for i in $(seq 1 "$claims"); do
  printf -- '---\napiVersion: ipam.cluster.x-k8s.io/v1beta2\nkind: IPAddressClaim\nmetadata: {name: c%s, namespace: default}\nspec:\n  poolRef: {apiGroup: ipam.cluster.x-k8s.io, kind: InClusterIPPool, name: footprint}\n' "$i"
done >"$work/claims.yaml"
start=$(date +%s.%N)
kubectl create -f "$work/claims.yaml" >/dev/null
until [ "$(kubectl get ipaddresses.ipam.cluster.x-k8s.io -n default --no-headers 2>/dev/null | wc -l)" -ge "$claims" ]; do sleep 1; done
bound=$(date +%s.%N)
read -r _ bound_cpu < <(sample)
kubectl delete ipaddressclaims.ipam.cluster.x-k8s.io -n default --all --wait=false >/dev/null
until [ "$(kubectl get ipaddresses.ipam.cluster.x-k8s.io -n default --no-headers 2>/dev/null | wc -l)" -eq 0 ]; do sleep 1; done
sleep 10
kill "$watcher"
read -r settled_rss settled_cpu < <(sample)
printf 'claims: %s; bound in %.1f s\n' "$claims" "$(echo "$bound - $start" | bc)"
printf 'resident memory: idle %d MiB, peak %d MiB, settled %d MiB\n' $((idle_rss / 1024)) $(($(cat "$work/peak") / 1024)) $((settled_rss / 1024))
printf 'CPU time: start-up %d s, binding %d s, through deletion %d s\n' "$idle_cpu" $((bound_cpu - idle_cpu)) $((settled_cpu - idle_cpu))
