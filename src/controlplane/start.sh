#!/usr/bin/env bash
# Runs a local Kubernetes control plane in the foreground: etcd, kube-apiserver and kube-controller-manager
# (garbage collector and namespace controllers only), all bound to 127.0.0.1.
#
#   start.sh <bin-dir> <work-dir> <etcd-port> <etcd-peer-port> <apiserver-port> [<owner-pid>]
#
# Writes <work-dir>/kubeconfig (cluster-admin client certificate), then <work-dir>/ready once the API server
# answers /readyz and the controller manager is started. Stops every process it started on SIGTERM/SIGINT, and
# by itself when its owner process (default: its parent) is gone, so a killed test JVM leaves nothing running.
# Logs go to <work-dir>/logs/.
set -euo pipefail
bin="$1"; dir="$2"; etcd_port="$3"; peer_port="$4"; api_port="$5"
owner="${6:-$PPID}"
pki="$dir/pki"; logs="$dir/logs"
mkdir -p "$pki" "$logs" "$dir/etcd"

# --- certificates: one CA, a serving certificate for 127.0.0.1/localhost, an admin client, a service-account key
ssl() { openssl "$@" >/dev/null 2>&1; }
if [ ! -f "$pki/admin.key" ]; then
  ssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=ipam-operator-local-ca" \
      -keyout "$pki/ca.key" -out "$pki/ca.crt"
  sign() { # name subject [extensions]
    ssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$pki/$1.key" -out "$pki/$1.csr"
    printf '%s\n' "${3:-extendedKeyUsage=clientAuth}" > "$pki/$1.ext"
    ssl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 3650 \
        -extfile "$pki/$1.ext" -out "$pki/$1.crt"
  }
  sign apiserver "/CN=kube-apiserver" \
      "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.0.0.1
extendedKeyUsage=serverAuth"
  sign admin "/O=system:masters/CN=ipam-operator-admin"
  ssl genrsa -out "$pki/sa.key" 2048
  ssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"
fi

b64() { base64 -w0 < "$1"; }
cat > "$dir/kubeconfig.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(b64 "$pki/admin.crt")
    client-key-data: $(b64 "$pki/admin.key")
contexts:
- name: local
  context: {cluster: local, user: admin, namespace: default}
current-context: local
EOF
mv "$dir/kubeconfig.tmp" "$dir/kubeconfig"

pids=()
stop() { # newest first: controller manager, API server, etcd; each gets 5 s before it is killed
  trap - TERM INT EXIT
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[i]}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  exit 0
}
trap stop TERM INT EXIT

"$bin/etcd" --name local --data-dir "$dir/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "local=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level warn \
  > "$logs/etcd.log" 2>&1 &
pids+=($!)

"$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-account-issuer https://kubernetes.default.svc --service-cluster-ip-range 10.0.0.0/24 \
  --authorization-mode RBAC --disable-admission-plugins ServiceAccount --cert-dir "$pki" \
  > "$logs/kube-apiserver.log" 2>&1 &
pids+=($!)

# The controller manager needs a serving API: wait for /readyz first.
for _ in $(seq 1 240); do
  if curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
      "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; then break; fi
  kill -0 "${pids[1]}" 2>/dev/null || { echo "kube-apiserver exited; see $logs/kube-apiserver.log" >&2; stop; }
  sleep 0.25
done

"$bin/kube-controller-manager" --kubeconfig "$dir/kubeconfig" --controllers garbagecollector,namespace \
  --service-account-private-key-file "$pki/sa.key" --leader-elect=false --bind-address 127.0.0.1 --secure-port 0 \
  > "$logs/kube-controller-manager.log" 2>&1 &
pids+=($!)
touch "$dir/ready"

# Stop with the owner (the JVM that started us), and when any of our processes dies.
while kill -0 "$owner" 2>/dev/null; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "control plane process $pid exited; see $logs" >&2
      stop
    fi
  done
  sleep 1
done
stop
