# Sourced by the image scripts beside it. The local stand-ins for upstream images (nothing can be
# pulled here) start from one Debian bookworm minbase root, made once by debootstrap and kept as the
# image tandem-local-bookworm:minbase; each image installs its packages into a copy of that root
# with apt-get in a chroot, which fetches far faster than a debootstrap of its own.

BASE_IMAGE=tandem-local-bookworm:minbase
MIRROR=http://deb.debian.org/debian

have() { docker image inspect "$1" >/dev/null 2>&1; }

# Makes tandem-local-bookworm:minbase by debootstrap, unless it exists.
ensure_base() {
  have "$BASE_IMAGE" && return 0
  command -v debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  local root
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >/tmp/tandem-debootstrap-base.log 2>&1 \
    || { tail -20 /tmp/tandem-debootstrap-base.log; rm -rf --one-file-system "$root"; return 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -c . | docker import - "$BASE_IMAGE" >/dev/null
  rm -rf --one-file-system "$root"
  echo "built $BASE_IMAGE"
}

# Fills the empty directory $1 with the minbase root (made first if it is missing).
bookworm_root() {
  local root=$1 cid
  ensure_base
  cid=$(docker create "$BASE_IMAGE" /bin/true)
  docker export "$cid" | tar -C "$root" -x
  docker rm "$cid" >/dev/null
  # files Docker adds to every container, not part of the root
  rm -f "$root/.dockerenv"
}

# Installs packages $2... (without recommends) into the root $1, then strips what a container does
# not need: documentation, manual pages, translations, apt's lists and caches.
install_packages() {
  local root=$1 log
  shift
  log=/tmp/tandem-image-install-$(basename "$root").log
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" # no service starts in the chroot
  chmod +x "$root/usr/sbin/policy-rc.d"
  printf 'path-exclude=/usr/share/%s/*\n' doc man info locale >"$root/etc/dpkg/dpkg.cfg.d/01-tandem-nodoc"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  local rc=0
  { chroot "$root" apt-get update -qq \
      && chroot "$root" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1 || rc=$?
  umount "$root/proc"
  if [ "$rc" -ne 0 ]; then
    tail -20 "$log"
    return "$rc"
  fi
  rm -f "$root/usr/sbin/policy-rc.d"
  : >"$root/etc/resolv.conf"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
    "$root"/var/log/apt/* "$root"/var/log/dpkg.log "$root"/tmp/*
}
