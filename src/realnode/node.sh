#!/usr/bin/env bash
# One real Kubernetes node on this machine for the real-node test tier (*RealNodeIT): etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler as processes, containerd + runc + the CNI bridge plugin (Debian
# packages) and a kubelet that runs pods. Linux and root only. Nothing is installed here (.ci/run installs the
# packages; build.sh builds the kubelet, the scheduler and the pause image).
#
#   node.sh start WORK   # start everything; WORK/admin.kubeconfig is the cluster admin's; prints nothing else
#   node.sh stop WORK    # stop what start started (by PID), unmount, remove the bridge, the netns, the iptables
#                        # rules and chains it added, restore ip_forward; idempotent, safe after a failed start
#
# What this machine kind needs (found when the node was first brought up here):
# - no CAP_SYS_RESOURCE in the bounding set: runc cannot set the sandbox's oom_score_adj of -998, so containerd
#   clamps it (restrict_oom_score_adj) and the kubelet keeps its own at 0;
# - no kube-proxy: pods reach the API server through the `kubernetes` Service IP by one DNAT rule to the node IP;
#   the API server calls webhooks on pod IPs (--enable-aggregator-routing), so no other Service IP has to route;
# - no registry: the sandbox image is built locally and images are imported into containerd;
# - ports below 32768 (the ephemeral range starts there: a listener in it may find its port taken).
set -euo pipefail
cmd="${1:?usage: node.sh start|stop WORK}"
W="$(mkdir -p "${2:?usage: node.sh start|stop WORK}" && cd "$2" && pwd)"
[ "$W" != / ] || { echo "node.sh: the work dir cannot be /" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ETCD_PORT=12379 ETCD_PEER_PORT=12380 API_PORT=16443 KUBELET_PORT=10250 KUBELET_HEALTHZ_PORT=10248 SCHEDULER_PORT=10259
NODE_NAME=realnode BRIDGE=ipamrn0 POD_CIDR=10.244.0.0/24 SERVICE_CIDR=10.0.0.0/24 KUBERNETES_SVC_IP=10.0.0.1
RULE_COMMENT=ipam-real-node-kubernetes-service
RUN=/run/ipam-real-node   # containerd's state (its socket path must stay short)
PKI="$W/pki" LOGS="$W/logs"

log() { echo "[real-node] $(date -u +%H:%M:%S) $*" >&2; }
fail() { log "$*"; exit 1; }

node_ip() { ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p'; }

start_bg() { # name command...: in its own session, output to logs/<name>.log, PID to <name>.pid
  local name="$1"; shift
  setsid "$@" > "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$W/$name.pid"
}

wait_for() { # seconds description command...: poll every 0.25 s
  local deadline=$((SECONDS + $1)) what="$2"; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what not within the time allowed; logs in $LOGS"
    sleep 0.25
  done
}

alive() { local pid; pid="$(cat "$W/$1.pid" 2>/dev/null)" && kill -0 "$pid" 2>/dev/null; }

pki() {
  mkdir -p "$PKI"
  local ip="$1"
  openssl_q() { openssl "$@" >/dev/null 2>&1; }
  openssl_q req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=real-node-ca" -keyout "$PKI/ca.key" -out "$PKI/ca.crt"
  cert() { # name subject extensions
    openssl_q req -newkey rsa:2048 -nodes -subj "$2" -keyout "$PKI/$1.key" -out "$PKI/$1.csr"
    printf '%s\n' "$3" > "$PKI/$1.ext"
    openssl_q x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 30 \
      -extfile "$PKI/$1.ext" -out "$PKI/$1.crt"
  }
  local client="extendedKeyUsage=clientAuth"
  cert apiserver "/CN=kube-apiserver" "subjectAltName=IP:127.0.0.1,IP:$ip,IP:$KUBERNETES_SVC_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth"
  cert admin "/O=system:masters/CN=real-node-admin" "$client"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
  cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" "$client"   # the Node authorizer's identity
  cert kubelet-serving "/CN=$NODE_NAME" "subjectAltName=IP:$ip,IP:127.0.0.1,DNS:$NODE_NAME
extendedKeyUsage=serverAuth"
  cert scheduler "/CN=system:kube-scheduler" "$client"
  cert controller-manager "/CN=system:kube-controller-manager" "$client"
  openssl_q genrsa -out "$PKI/sa.key" 2048
  openssl_q rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"
  local who
  for who in admin kubelet scheduler controller-manager; do
    cat > "$W/$who.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: real-node
  cluster: {server: "https://$ip:$API_PORT", certificate-authority: "$PKI/ca.crt"}
users:
- name: $who
  user: {client-certificate: "$PKI/$who.crt", client-key: "$PKI/$who.key"}
contexts:
- name: real-node
  context: {cluster: real-node, user: $who, namespace: default}
current-context: real-node
EOF
  done
}

api_ready() {
  curl -sf --max-time 2 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://$1:$API_PORT/readyz" | grep -qx ok
}

start() {
  [ "$(uname -s)" = Linux ] || fail "Linux only"
  [ "$(id -u)" = 0 ] || fail "root only (containerd, runc, network namespaces, iptables)"
  local missing=() b
  for b in containerd runc ctr iptables ip openssl curl setsid; do command -v "$b" >/dev/null || missing+=("$b"); done
  [ -x /usr/lib/cni/bridge ] && [ -x /usr/lib/cni/host-local ] && [ -x /usr/lib/cni/loopback ] || missing+=(containernetworking-plugins)
  [ ${#missing[@]} -eq 0 ] || fail "missing: ${missing[*]} (Debian: apt-get install containerd runc containernetworking-plugins iptables conntrack)"
  [ -n "${CONTROL_PLANE_BIN:-}" ] && [ -n "${NODE_BIN:-}" ] || fail "CONTROL_PLANE_BIN and NODE_BIN must name the built binaries"
  if [ -e "$RUN/containerd.sock" ] || ip link show "$BRIDGE" >/dev/null 2>&1; then
    fail "a real node seems to be running already ($RUN/containerd.sock or $BRIDGE exists): node.sh stop <its work dir>"
  fi
  local ip; ip="$(node_ip)"; [ -n "$ip" ] || fail "no IPv4 address with a default route for the node"
  rm -rf "$LOGS" "$W/etcd" "$W/kubelet" "$W/cni" "$W/containerd" "$W/pki" "$W"/*.kubeconfig; mkdir -p "$LOGS" "$W/etcd" "$W/kubelet" "$W/cni/net.d" "$W/cni/ipam" "$RUN"
  echo "$ip" > "$W/node-ip"
  cat /proc/sys/net/ipv4/ip_forward > "$W/ip_forward.orig"   # the bridge plugin turns forwarding on
  pki "$ip"

  cat > "$W/cni/net.d/10-real-node.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "real-node", "plugins": [
  {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_CIDR"}]], "routes": [{"dst": "0.0.0.0/0"}],
            "dataDir": "$W/cni/ipam"}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
EOF
  cat > "$W/containerd.toml" <<EOF
version = 2
root = "$W/containerd"
state = "$RUN/state"
[grpc]
  address = "$RUN/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/pause:3.10"
  stream_server_address = "127.0.0.1"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$W/cni/net.d"
EOF
  start_bg containerd containerd --config "$W/containerd.toml"
  wait_for 30 "containerd" ctr --address "$RUN/containerd.sock" version
  ctr --address "$RUN/containerd.sock" -n k8s.io images import "$NODE_BIN/pause.tar" >/dev/null
  log "containerd up, pause image imported"

  start_bg etcd "$CONTROL_PLANE_BIN/etcd" --name real-node --data-dir "$W/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "real-node=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
  # on all addresses: pods reach it on the node IP (127.0.0.1 in a pod is the pod)
  start_bg kube-apiserver "$CONTROL_PLANE_BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 0.0.0.0 --advertise-address "$ip" --secure-port "$API_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" --client-ca-file "$PKI/ca.crt" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-account-issuer https://kubernetes.default.svc --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP --enable-aggregator-routing=true --cert-dir "$PKI"
  wait_for 90 "kube-apiserver ready" api_ready "$ip"
  log "kube-apiserver ready on $ip:$API_PORT"
  start_bg kube-controller-manager "$CONTROL_PLANE_BIN/kube-controller-manager" --kubeconfig "$W/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$W/controller-manager.kubeconfig" --authorization-kubeconfig "$W/controller-manager.kubeconfig" \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" --use-service-account-credentials \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port 0
  start_bg kube-scheduler "$NODE_BIN/kube-scheduler" --kubeconfig "$W/scheduler.kubeconfig" \
    --authentication-kubeconfig "$W/scheduler.kubeconfig" --authorization-kubeconfig "$W/scheduler.kubeconfig" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT"

  cat > "$W/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$RUN/containerd.sock
port: $KUBELET_PORT
healthzPort: $KUBELET_HEALTHZ_PORT
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
oomScoreAdj: 0
EOF
  start_bg kubelet "$NODE_BIN/kubelet" --config "$W/kubelet-config.yaml" --kubeconfig "$W/kubelet.kubeconfig" \
    --root-dir "$W/kubelet" --hostname-override "$NODE_NAME" --node-ip "$ip" -v 1
  wait_for 30 "kubelet healthz" curl -sf --max-time 2 "http://127.0.0.1:$KUBELET_HEALTHZ_PORT/healthz"
  local p
  for p in containerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet; do
    alive "$p" || fail "$p exited; see $LOGS/$p.log"
  done

  # no kube-proxy: the `kubernetes` Service (what pods are told in KUBERNETES_SERVICE_HOST) to the API server
  iptables -t nat -I PREROUTING -d "$KUBERNETES_SVC_IP/32" -p tcp --dport 443 -m comment --comment "$RULE_COMMENT" \
    -j DNAT --to-destination "$ip:$API_PORT"
  log "node started (kubelet healthy; the test waits for Node Ready)"
}

stop_pid() { # name: TERM, up to 10 s, then KILL
  local pid; pid="$(cat "$W/$1.pid" 2>/dev/null)" || return 0
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$W/$1.pid"
}

stop() {
  local ctr_=(ctr --address "$RUN/containerd.sock" -n k8s.io) c
  stop_pid prometheus/prometheus   # a test's Prometheus (PrometheusServer), if its JVM was killed
  stop_pid kube-controller-manager; stop_pid kube-scheduler; stop_pid kubelet
  if [ -S "$RUN/containerd.sock" ] && alive containerd; then
    # the pods' containers (their shims exit with them), then containerd
    for c in $(timeout 20 "${ctr_[@]}" tasks ls -q 2>/dev/null); do timeout 10 "${ctr_[@]}" tasks kill -s KILL "$c" >/dev/null 2>&1 || true; done
    for c in $(timeout 20 "${ctr_[@]}" containers ls -q 2>/dev/null); do
      timeout 10 "${ctr_[@]}" tasks rm -f "$c" >/dev/null 2>&1 || true
      timeout 10 "${ctr_[@]}" containers rm "$c" >/dev/null 2>&1 || true
    done
  fi
  stop_pid containerd; stop_pid kube-apiserver; stop_pid etcd
  # a shim whose container could not be removed still holds its mounts
  pkill_shims() { local p; for p in $(pgrep -f "containerd-shim-runc-v2 .*-address $RUN/containerd.sock" || true); do kill -9 "$p" 2>/dev/null || true; done; }
  pkill_shims
  # mounts under the work dir and the state dir, deepest first
  awk -v w="$W/" -v r="$RUN/" '$2 ~ ("^" w) || $2 ~ ("^" r) {print $2}' /proc/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  # the pods' network namespaces (recorded by the CNI IPAM), veths go with them; then the bridge
  for c in $(ip netns list 2>/dev/null | awk '/^cni-/{print $1}'); do
    ip netns pids "$c" 2>/dev/null | grep -q . || ip netns del "$c" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  local ip; ip="$(cat "$W/node-ip" 2>/dev/null || node_ip)"
  while iptables -t nat -D PREROUTING -d "$KUBERNETES_SVC_IP/32" -p tcp --dport 443 -m comment --comment "$RULE_COMMENT" \
      -j DNAT --to-destination "$ip:$API_PORT" 2>/dev/null; do :; done
  # the kubelet's own chains (KUBE-FIREWALL hooked into INPUT and OUTPUT, canaries, the hint); nothing else
  local t ipt
  for ipt in iptables ip6tables; do
    while $ipt -D INPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    while $ipt -D OUTPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    for t in filter:KUBE-FIREWALL filter:KUBE-KUBELET-CANARY nat:KUBE-KUBELET-CANARY mangle:KUBE-KUBELET-CANARY mangle:KUBE-IPTABLES-HINT; do
      $ipt -t "${t%%:*}" -F "${t##*:}" 2>/dev/null && $ipt -t "${t%%:*}" -X "${t##*:}" 2>/dev/null || true
    done
  done
  [ -f "$W/ip_forward.orig" ] && cat "$W/ip_forward.orig" > /proc/sys/net/ipv4/ip_forward && rm -f "$W/ip_forward.orig"
  # the pods' cgroups (empty now) under every v1 hierarchy, or the v2 tree
  for c in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  rm -rf "$W/containerd" "$W/kubelet" "$RUN"
  log "node stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: node.sh start|stop WORK" >&2; exit 2 ;;
esac
