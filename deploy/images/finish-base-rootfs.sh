#!/bin/sh
# Finishes the root filesystem of triad's Debian base, which mmdebstrap
# --variant=extract has unpacked into the directory $1 without running any
# maintainer script, then removes what a service never needs at run time.
set -eu
root="$1"

# update-ca-certificates would concatenate every certificate it enables; by
# default that is every Mozilla certificate the package ships.
mkdir -p "$root/etc/ssl/certs"
cat "$root"/usr/share/ca-certificates/mozilla/*.crt >"$root/etc/ssl/certs/ca-certificates.crt"

# Users for tools that look names up; the services run as 10001.
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
app:x:10001:10001:app:/nonexistent:/usr/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
app:x:10001:
GROUP
ln -sf /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"
mkdir -p "$root/tmp"
chmod 1777 "$root/tmp"

# Package manager state and caches, device nodes (the container engine
# provides /dev) and glibc's iconv modules, which neither .NET with invariant
# globalization nor Node loads.
rm -rf "$root"/var/cache/* "$root"/var/lib/apt "$root"/var/lib/dpkg "$root"/var/log/* \
  "$root"/etc/apt "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/lintian \
  "$root"/usr/lib/*-linux-gnu/gconv "$root"/dev/*
