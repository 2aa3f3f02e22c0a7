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
mkdir -p "$root/tmp"
chmod 1777 "$root/tmp"

# Package manager state and caches, device nodes (the container engine
# provides /dev) and glibc's iconv modules, which neither .NET with invariant
# globalization nor Node loads.
rm -rf "$root"/var/cache/* "$root"/var/lib/apt "$root"/var/lib/dpkg "$root"/var/log/* \
  "$root"/etc/apt "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/lintian \
  "$root"/usr/lib/*-linux-gnu/gconv "$root"/dev/*

# Tools that ca-certificates brought in as dependencies and that only
# maintainer scripts run: the openssl command, debconf with its Perl modules,
# and update-ca-certificates with its source certificates, which the bundle
# above already contains. Also gdb and bash-completion helpers. The libraries
# and /etc/ssl stay.
rm -rf "$root"/usr/bin/openssl "$root"/usr/bin/c_rehash "$root"/usr/bin/debconf* \
  "$root"/usr/sbin/dpkg-preconfigure "$root"/usr/sbin/dpkg-reconfigure "$root"/usr/sbin/update-ca-certificates \
  "$root"/usr/share/perl5 "$root"/usr/share/debconf "$root"/etc/debconf.conf "$root"/usr/share/ca-certificates \
  "$root"/usr/lib/ssl/misc "$root"/usr/share/gdb "$root"/usr/share/gcc "$root"/usr/share/bash-completion \
  "$root"/usr/share/pixmaps
