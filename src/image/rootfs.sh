#!/usr/bin/env bash
# Assembles the operator image's base root filesystem from Debian packages into $1 (emptied first): the C library,
# the Java 17 runtime and the CA certificates, a non-root user, and nothing else (no shell, no package manager).
# With $2 = native: the same without the Java runtime, for the native executable.
# The Maven build (package phase) calls this and Jib layers the result under the application; there is no base
# image to pull here, so the base is built from the package registry the machine reaches. The exact package
# versions used are written to $1/usr/share/ipam-operator/packages.txt, so an image tells what it is made of.
set -euo pipefail

out="$1"
flavour="${2:-jvm}"
java_home=usr/lib/jvm/java-17-openjdk-amd64
packages=(libc6 libgcc-s1 libstdc++6 zlib1g ca-certificates)
[ "$flavour" = native ] || packages+=(openjdk-17-jre-headless)

command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || {
  echo "rootfs.sh: apt-get and dpkg-deb (Debian) are needed to assemble the image's base from Debian packages" >&2
  exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get download -q "${packages[@]}" >"$work/download.log" 2>&1); then
  cat "$work/download.log" >&2
  echo "rootfs.sh: could not download ${packages[*]} from Debian; on a fresh machine run 'apt-get update' first" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$out"
done

# What a running JVM does not need: documentation, debug symbols, maintainer tooling, locales, iconv modules.
rm -rf "$out"/usr/share/doc "$out"/usr/share/man "$out"/usr/share/lintian "$out"/usr/share/locale \
  "$out"/usr/lib/debug "$out"/usr/lib/x86_64-linux-gnu/gconv "$out"/usr/sbin "$out"/usr/bin "$out"/sbin \
  "$out"/usr/libexec "$out"/usr/share/bug "$out"/etc/ld.so.conf.d

# Debian's packages point into /etc by absolute symlinks that their maintainer scripts complete; nothing runs
# those scripts here, and a layer must not follow a link out of this tree. Each link becomes a copy of what it
# points at inside the tree, or goes if it points at nothing there (the Java truststore is written below).
while IFS= read -r link; do
  target="$(readlink "$link")"
  case "$target" in
    /*) resolved="$out$target" ;;
    *) resolved="$(dirname "$link")/$target" ;;
  esac
  rm "$link"
  if [ -f "$resolved" ]; then
    cp "$resolved" "$link"
  fi
done < <(find "$out" -type l)

# The CA certificates: one PEM bundle at the usual place, and the Java truststore made from the same certificates.
mkdir -p "$out"/etc/ssl/certs
find "$out"/usr/share/ca-certificates -name '*.crt' | LC_ALL=C sort | xargs cat >"$out"/etc/ssl/certs/ca-certificates.crt
if [ "$flavour" != native ]; then
  mkdir -p "$out/$java_home/lib/security"
  "${JAVA_HOME:-/usr}/bin/java" "$(dirname "$0")/TrustStore.java" \
    "$out"/etc/ssl/certs/ca-certificates.crt "$out/$java_home/lib/security/cacerts"
fi

# A non-root user (the chart runs the pod as it), a writable /tmp, mount points for /proc and /dev (the
# runtime mounts them), host lookups by files then DNS.
mkdir -p "$out"/etc "$out"/tmp "$out"/home/nonroot "$out"/deployments "$out"/proc "$out"/dev
cat >"$out"/etc/passwd <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat >"$out"/etc/group <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
echo 'hosts: files dns' >"$out"/etc/nsswitch.conf

mkdir -p "$out"/usr/share/ipam-operator
for deb in "$work"/*.deb; do
  dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"
done | LC_ALL=C sort >"$out"/usr/share/ipam-operator/packages.txt
echo "rootfs.sh: $(wc -l <"$out"/usr/share/ipam-operator/packages.txt) Debian packages into $out ($(du -sh "$out" | cut -f1))"
