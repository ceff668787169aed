#!/bin/sh
# Boots a netns machine: run by unshare as PID 1 of the machine's new PID namespace, inside its
# private mount and UTS namespaces and its network namespace, but still on the host's root. Mounts
# the machine's root (see MachineDisk) and becomes its init. Every mount made here belongs to the
# machine's mount namespace alone and vanishes with its last process: a crash leaves nothing
# mounted on the host, which is what lets the provider delete a machine's files safely.
#
# Usage: boot.sh MACHINE_DIR HOSTNAME
set -eu
machine=$1
hostname=$2
root=$machine/root

# unshare --propagation private already did this; a shared mount here would leak to the host.
mount --make-rprivate /

for layer in usr etc var opt root; do
  mount -t overlay "lb-$layer" -o "lowerdir=/$layer,upperdir=$machine/upper/$layer,workdir=$machine/work/$layer" "$root/$layer"
done
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/tmp"
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$root/run"
mount --rbind /dev "$root/dev"
# This process is PID 1 of the new PID namespace, so this /proc shows the machine's processes only.
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
# Read-only: machine root is host root, and /sys reaches the host's devices.
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
printf '%s\n' "$hostname" > "$root/proc/sys/kernel/hostname"

echo "boot: $hostname mounted its root; starting init"
exec chroot "$root" /usr/sbin/loopback-netns-init
