#!/usr/bin/env bash
# Makes sure the subject images exist. Uses what the engine already has, then
# tries to pull the official image, and when no registry answers builds a
# local image from the distribution's packages (docker import of a minimal
# root filesystem). Idempotent.
set -euo pipefail

ETCD_OFFICIAL=${ETCD_OFFICIAL_IMAGE:-gcr.io/etcd-development/etcd:v3.5.17}
ETCD_LOCAL=gauntlet-local/etcd:3.4
NETTOOLS_LOCAL=gauntlet-local/nettools:1
PULL_TIMEOUT=${GAUNTLET_PULL_TIMEOUT:-30}

say() { echo "build-images: $*" >&2; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "need Debian packages ${missing[*]} to build local images (root and apt-get)"
    exit 1
  fi
  say "installing ${missing[*]}..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Copies binaries and every shared library they load into a root filesystem.
copy_with_libs() {
  local root=$1
  shift
  for bin in "$@"; do
    install -D -m 0755 "$bin" "$root/usr/bin/$(basename "$bin")"
    ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
      [ -e "$lib" ] && install -D "$lib" "$root$lib"
    done
  done
}

# A root filesystem with busybox's shell and tools, ready for docker import.
new_rootfs() {
  local root
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,usr/bin,etc,tmp,var/lib,data,proc,sys,dev}
  chmod 1777 "$root/tmp"
  install -m 0755 /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
  echo "$root"
}

import_rootfs() {
  local root=$1 tag=$2
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' \
    --change 'WORKDIR /' - "$tag" >/dev/null
  rm -rf "$root"
  say "built $tag"
}

try_pull() {
  say "pulling $1..."
  if timeout "$PULL_TIMEOUT" docker pull -q "$1" >/dev/null 2>&1; then
    say "pulled $1"
    return 0
  fi
  say "cannot pull $1; building a local image instead"
  return 1
}

build_etcd() {
  apt_install etcd-server etcd-client busybox-static
  local root
  root=$(new_rootfs)
  copy_with_libs "$root" /usr/bin/etcd /usr/bin/etcdctl
  import_rootfs "$root" "$ETCD_LOCAL"
}

build_nettools() {
  apt_install iptables iproute2 busybox-static
  local root
  root=$(new_rootfs)
  copy_with_libs "$root" /usr/sbin/xtables-nft-multi /usr/sbin/xtables-legacy-multi /usr/sbin/tc /usr/sbin/ip
  for name in iptables iptables-save iptables-restore; do
    ln -sf xtables-legacy-multi "$root/usr/bin/$name"
  done
  for name in iptables-nft iptables-nft-save iptables-nft-restore; do
    ln -sf xtables-nft-multi "$root/usr/bin/$name"
  done
  mkdir -p "$root/usr/lib/x86_64-linux-gnu" "$root/run" "$root/var/lib"
  cp -r /usr/lib/x86_64-linux-gnu/xtables "$root/usr/lib/x86_64-linux-gnu/" 2>/dev/null || true
  cp -r /usr/lib/tc "$root/usr/lib/" 2>/dev/null || true
  import_rootfs "$root" "$NETTOOLS_LOCAL"
}

if have_image "$ETCD_OFFICIAL" || have_image "$ETCD_LOCAL"; then
  say "etcd image present"
elif ! try_pull "$ETCD_OFFICIAL"; then
  build_etcd
fi

if have_image "$NETTOOLS_LOCAL"; then
  say "network tools image present"
else
  build_nettools
fi
