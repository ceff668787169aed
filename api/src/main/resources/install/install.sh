#!/bin/sh
# Loopback agent installer, rendered by the control plane for one workspace and release channel.
#
#   export LOOPBACK_TOKEN=<install token>      # needed until the host has joined
#   curl -fsSL '<this script's URL>' | sh      # as root; with sudo:
#   curl -fsSL '<this script's URL>' | sudo --preserve-env=LOOPBACK_TOKEN sh
#
# It downloads the agent package (.deb where dpkg is, else the tarball), checks its SHA-512 against
# the value written below before installing anything, installs it, writes /etc/loopback/agent.conf
# (endpoint, CA fingerprint, token) and starts the systemd service loopback-agent. Running it again
# upgrades or repairs: it never adds a second user, unit or config line, and keeps the other lines
# of agent.conf as they are.
#
# Environment:
#   LOOPBACK_TOKEN            install token, needed until the host has joined (its identity is in
#                             /var/lib/loopback-agent). Read from the environment only and written
#                             with shell built-ins: never in a URL, an argument or any output.
#   LOOPBACK_AGENT_LOG_LEVEL  error, warn, info, debug or trace: the agent's log level (debug for
#                             diagnostics, in journalctl -u loopback-agent)
#   LOOPBACK_VERBOSE=1        this script says what it does, step by step
#   LOOPBACK_MIRROR           download <mirror>/<file> instead of from the control plane
#   LOOPBACK_PACKAGE_FORMAT   deb or tar.gz instead of the automatic choice
#   LOOPBACK_INIT=none        no systemd: install without a service and say how to start the agent
#   LOOPBACK_JAVA             tarball only: the java to run the agent with (default: java on PATH)
#
# Exit status:
#   0  installed, and the service runs (or installed only, with LOOPBACK_INIT=none)
#   2  usage or environment: not root, no token, a variable with a bad value, a missing tool
#   3  unsupported platform: operating system, CPU, init system, Java, no package for this host
#   4  a download failed
#   5  a package's SHA-512 is not the expected one; nothing was installed or changed
#   6  installing failed (package, user, files or configuration)
#   7  the service did not start; see journalctl -u loopback-agent
#   Any other status: a command failed unexpectedly (the message names the step).
#
# Everything runs from main, called on the last line: piped into sh, the script is read whole
# before it does anything, and commands cannot swallow the rest of it from standard input.

# shellcheck disable=SC2015 # "a && b && c || die ...": die is meant to run when any step fails.
set -eu
LC_ALL=C
export LC_ALL
umask 022

# Written by the control plane when it served this script.
lb_script_url={{SCRIPT_URL}}
lb_base_url={{BASE_URL}}
lb_workspace={{WORKSPACE}}
lb_channel={{CHANNEL}}
lb_endpoint={{ENDPOINT}}
lb_ca_sha256={{CA_SHA256}}
# The catalog's package signing keys (id:key, …): the agent refuses packages no key of these signed.
lb_trusted_keys={{TRUSTED_KEYS}}
lb_mirror_url={{MIRROR_URL}}
lb_deb_file={{DEB_FILE}}
lb_deb_version={{DEB_VERSION}}
lb_deb_size={{DEB_SIZE}}
lb_deb_sha512={{DEB_SHA512}}
lb_tar_file={{TAR_FILE}}
lb_tar_version={{TAR_VERSION}}
lb_tar_size={{TAR_SIZE}}
lb_tar_sha512={{TAR_SHA512}}

unit=loopback-agent
conf_dir=/etc/loopback
conf=$conf_dir/agent.conf
state_dir=/var/lib/loopback-agent
lib_dir=/usr/lib/loopback-agent
unit_file=/etc/systemd/system/loopback-agent.service
java_dropin_dir=/etc/systemd/system/loopback-agent.service.d
marker='# Written by the Loopback install script, which rewrites endpoint, ca-sha256, api-url, trusted-keys, token (and log-level, if given) when run again.'

step=starting
reported=
work=
pending=
token=
java=
java_env=
config_template=

say() {
  printf 'loopback-install: %s\n' "$*"
}

debug() {
  if [ "${LOOPBACK_VERBOSE:-}" = 1 ]; then
    printf 'loopback-install: [verbose] %s\n' "$*" >&2
  fi
}

# die <status> <message> [more lines]
die() {
  die_status=$1
  shift
  printf 'loopback-install: error: %s\n' "$1" >&2
  shift
  for die_line in "$@"; do
    printf '  %s\n' "$die_line" >&2
  done
  reported=1
  exit "$die_status"
}

cleanup() {
  cleanup_status=$?
  if [ -n "$pending" ]; then
    rm -f "$pending"
  fi
  if [ -n "$work" ]; then
    rm -rf "$work"
  fi
  if [ "$cleanup_status" -ne 0 ] && [ -z "$reported" ]; then
    printf 'loopback-install: error: unexpected failure (status %s) while %s\n' "$cleanup_status" "$step" >&2
  fi
  exit "$cleanup_status"
}

interrupted() {
  reported=1
  printf 'loopback-install: error: interrupted while %s\n' "$step" >&2
  exit 130
}

have() {
  command -v "$1" >/dev/null 2>&1
}

check_root() {
  step='checking the user'
  if [ "$(id -u)" != 0 ]; then
    die 2 "this installs a system service: run it as root" \
      "with sudo: curl -fsSL '$lb_script_url' | sudo --preserve-env=LOOPBACK_TOKEN sh"
  fi
}

check_platform() {
  step='checking the platform'
  system=$(uname -s)
  if [ "$system" != Linux ]; then
    die 3 "unsupported operating system '$system': the agent runs on Linux"
  fi
  machine=$(uname -m)
  case $machine in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die 3 "unsupported CPU architecture '$machine': the agent runs on amd64 (x86_64) and arm64 (aarch64)" ;;
  esac
  debug "architecture $arch ($machine)"

  case ${LOOPBACK_INIT:-} in
    '' | systemd)
      if [ ! -d /run/systemd/system ]; then
        die 3 "this host does not run systemd (/run/systemd/system is missing), which the agent's service needs" \
          "nothing was changed. To install without a service and start the agent yourself, set LOOPBACK_INIT=none"
      fi
      if ! have systemctl; then
        die 3 "systemd runs but systemctl is not on PATH"
      fi
      init=systemd
      ;;
    none) init=none ;;
    *) die 2 "LOOPBACK_INIT must be systemd or none, got '${LOOPBACK_INIT}'" ;;
  esac
  debug "init system: $init"
}

check_token() {
  step='checking the install token'
  joined=
  if [ -f "$state_dir/identity/cert.pem" ]; then
    joined=1
  fi
  token=${LOOPBACK_TOKEN:-}
  # Child processes (dpkg, curl, systemctl) need not see it.
  unset LOOPBACK_TOKEN
  if [ -n "$joined" ]; then
    if [ -n "$token" ]; then
      say "this host has already joined (identity in $state_dir): LOOPBACK_TOKEN is not needed and is not written"
      token=
    fi
    return 0
  fi
  if [ -z "$token" ]; then
    die 2 "LOOPBACK_TOKEN is not set, and this host has not joined yet" \
      "mint an install token (POST /api/v1/workspaces/$lb_workspace/agent-tokens), then, as root:" \
      "  export LOOPBACK_TOKEN=<token>" \
      "  curl -fsSL '$lb_script_url' | sh" \
      "or with sudo:" \
      "  curl -fsSL '$lb_script_url' | sudo --preserve-env=LOOPBACK_TOKEN sh" \
      "the token is read from the environment only: never put it in the URL or on a command line"
  fi
  case $token in
    *[!!-~]*) die 2 "LOOPBACK_TOKEN holds spaces or control characters; copy the token again (it is not shown here)" ;;
  esac
  # An external printf would show the token in the process list while it writes agent.conf.
  case $(command -V printf 2>/dev/null) in
    *builtin*) ;;
    *) die 2 "this shell has no built-in printf, so writing the token would show it to other processes" \
      "run the script with sh (dash), bash or busybox sh" ;;
  esac
}

check_log_level() {
  level=${LOOPBACK_AGENT_LOG_LEVEL:-}
  case $level in
    '' | error | warn | info | debug | trace) ;;
    *) die 2 "LOOPBACK_AGENT_LOG_LEVEL must be error, warn, info, debug or trace, got '$level'" ;;
  esac
}

choose_package() {
  step='choosing the package'
  case ${LOOPBACK_PACKAGE_FORMAT:-} in
    '')
      if have dpkg && [ -f /var/lib/dpkg/status ]; then
        format=deb
      else
        format=tar.gz
      fi
      ;;
    deb)
      if ! have dpkg; then
        die 2 "LOOPBACK_PACKAGE_FORMAT=deb needs dpkg, which this host does not have"
      fi
      format=deb
      ;;
    tar.gz) format=tar.gz ;;
    *) die 2 "LOOPBACK_PACKAGE_FORMAT must be deb or tar.gz, got '${LOOPBACK_PACKAGE_FORMAT}'" ;;
  esac
  if [ "$format" = deb ]; then
    pkg_file=$lb_deb_file pkg_version=$lb_deb_version pkg_size=$lb_deb_size pkg_sha512=$lb_deb_sha512
  else
    pkg_file=$lb_tar_file pkg_version=$lb_tar_version pkg_size=$lb_tar_size pkg_sha512=$lb_tar_sha512
  fi
  if [ -z "$pkg_file" ]; then
    die 3 "channel '$lb_channel' offers no $format package of the agent" \
      "ask the control plane's operators to publish one, or choose the other format with LOOPBACK_PACKAGE_FORMAT"
  fi
  debug "package $pkg_file ($format, version $pkg_version, $pkg_size bytes)"
}

check_tools() {
  step='checking the tools'
  if have curl; then
    downloader=curl
  elif have wget; then
    downloader=wget
  else
    die 2 "neither curl nor wget is installed: install one of them"
  fi
  if have sha512sum; then
    hasher=sha512sum
  elif have shasum; then
    hasher=shasum
  elif have openssl; then
    hasher=openssl
  else
    die 2 "no SHA-512 tool found (sha512sum, shasum or openssl): install coreutils or openssl"
  fi
  if [ "$format" = tar.gz ] && ! have tar; then
    die 2 "tar is needed to unpack the agent's tarball"
  fi
  debug "downloading with $downloader, checking with $hasher"
}

check_java() {
  step='checking Java'
  java=${LOOPBACK_JAVA:-}
  if [ -z "$java" ]; then
    java=$(command -v java 2>/dev/null || true)
  fi
  if [ -z "$java" ] || [ ! -x "$java" ]; then
    die 3 "the agent needs Java 17 or later, and no java was found${java:+ at $java}" \
      "install a Java 17+ runtime (openjdk-17-jre-headless or your distribution's), or name one with LOOPBACK_JAVA=/path/to/java"
  fi
  case $java in
    /*) ;;
    *) die 2 "LOOPBACK_JAVA must be an absolute path, got '$java'" ;;
  esac
  case $java in
    *[!A-Za-z0-9/._+-]*) die 2 "the path of java must be plain (letters, digits, / . _ + -) to go into the unit, got '$java'" ;;
  esac
  java_says=$("$java" -version 2>&1) || die 3 "$java -version failed"
  java_version=${java_says#*version \"}
  java_version=${java_version%%\"*}
  case $java_version in
    1.*) java_version=${java_version#1.} ;;
  esac
  java_major=${java_version%%[!0-9]*}
  if [ -z "$java_major" ]; then
    die 3 "cannot tell which Java version $java is"
  fi
  if [ "$java_major" -lt 17 ]; then
    die 3 "the agent needs Java 17 or later; $java is Java $java_major" \
      "install a Java 17+ runtime, or name one with LOOPBACK_JAVA=/path/to/java"
  fi
  # The unit runs ${JAVA:-java} with systemd's PATH: a java found elsewhere, or named, must be passed on.
  java_env=
  case $java in
    /usr/bin/java | /bin/java | /usr/local/bin/java) ;;
    *) java_env="JAVA=$java" ;;
  esac
  if [ -n "${LOOPBACK_JAVA:-}" ]; then
    java_env="JAVA=$java"
  fi
  debug "Java $java_major at $java"
}

fetch() {
  if [ "$downloader" = curl ]; then
    curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 20 -o "$2" "$1"
  else
    wget -q -T 60 -O "$2" "$1"
  fi
}

sha512_of() {
  case $hasher in
    sha512sum) sum_says=$(sha512sum "$1") ;;
    shasum) sum_says=$(shasum -a 512 "$1") ;;
    *) sum_says=$(openssl dgst -sha512 -r "$1") ;;
  esac
  printf '%s\n' "${sum_says%% *}"
}

choose_source() {
  mirror=${LOOPBACK_MIRROR:-$lb_mirror_url}
  while [ "${mirror%/}" != "$mirror" ]; do
    mirror=${mirror%/}
  done
  if [ -n "$mirror" ]; then
    case $mirror in
      http://* | https://*) ;;
      *) die 2 "LOOPBACK_MIRROR must be an http:// or https:// URL, got '$mirror'" ;;
    esac
    url=$mirror/$pkg_file
  else
    url=$lb_base_url/system/v1/downloads/agent/$lb_channel/$pkg_file
  fi
}

download() {
  step="downloading $pkg_file"
  work=$(mktemp -d "${TMPDIR:-/tmp}/loopback-install.XXXXXX") || die 2 "cannot create a temporary directory"
  say "downloading $pkg_file ($pkg_size bytes) from $url"
  if ! fetch "$url" "$work/$pkg_file"; then
    die 4 "downloading $url failed" "check that this host reaches it (proxy, firewall, DNS)"
  fi
  step="checking the SHA-512 of $pkg_file"
  actual=$(sha512_of "$work/$pkg_file") || die 5 "cannot compute the SHA-512 of $pkg_file with $hasher"
  if [ "$actual" != "$pkg_sha512" ]; then
    die 5 "the SHA-512 of $pkg_file is not the one the control plane published; nothing was installed or changed" \
      "expected: $pkg_sha512" \
      "actual:   $actual" \
      "from:     $url"
  fi
  debug "SHA-512 verified: $actual"
}

has_account() {
  if have getent; then
    getent "$1" "$2" >/dev/null 2>&1
  else
    grep -q "^$2:" "/etc/$1"
  fi
}

ensure_user() {
  step='creating the user loopback-agent'
  if ! has_account group loopback-agent; then
    if have groupadd; then
      groupadd --system loopback-agent || die 6 "groupadd loopback-agent failed"
    elif have addgroup; then
      addgroup -S loopback-agent || die 6 "addgroup loopback-agent failed"
    else
      die 6 "cannot create the group loopback-agent: neither groupadd nor addgroup is installed"
    fi
  fi
  if ! has_account passwd loopback-agent; then
    nologin=/bin/false
    for candidate in /usr/sbin/nologin /sbin/nologin; do
      if [ -x "$candidate" ]; then
        nologin=$candidate
        break
      fi
    done
    if have useradd; then
      useradd --system --gid loopback-agent --home-dir "$state_dir" --no-create-home --shell "$nologin" loopback-agent \
        || die 6 "useradd loopback-agent failed"
    elif have adduser; then
      adduser -S -D -H -h "$state_dir" -s "$nologin" -G loopback-agent loopback-agent || die 6 "adduser loopback-agent failed"
    else
      die 6 "cannot create the user loopback-agent: neither useradd nor adduser is installed"
    fi
  fi
}

# put <source> <destination> <mode>: replaced by rename, so a running agent keeps the file it opened.
put() {
  pending=$2.new.$$
  cp "$1" "$pending" && chmod "$3" "$pending" && chown root:root "$pending" && mv -f "$pending" "$2" \
    || die 6 "cannot install $2"
  pending=
}

# Runs a noisy command with its output shown only in verbose mode (errors always show).
quietly() {
  if [ "${LOOPBACK_VERBOSE:-}" = 1 ]; then
    "$@" >&2
  else
    "$@" >/dev/null
  fi
}

install_deb() {
  step="installing $pkg_file with dpkg"
  say "installing $pkg_file"
  DEBIAN_FRONTEND=noninteractive
  export DEBIAN_FRONTEND
  # confold/confdef: keep an agent.conf that is already there instead of asking (there is no one to ask).
  if ! quietly dpkg --force-confdef --force-confold -i "$work/$pkg_file" </dev/null; then
    # Unpacked but not configured: dpkg stopped at dependencies it cannot fetch itself.
    if [ "$(dpkg-query -W -f='${Status}' loopback-agent 2>/dev/null || true)" = 'install ok unpacked' ] && have apt-get; then
      say "installing the agent's dependencies (a Java 17 runtime) with apt-get"
      quietly apt-get install -f -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold </dev/null \
        || die 6 "apt-get could not install the agent's dependencies" "run apt-get update, then this script again"
    else
      die 6 "dpkg could not install $pkg_file (see its messages above)" \
        "if a Java 17 runtime is missing, install openjdk-17-jre-headless, then run this script again"
    fi
  fi
  if [ "$(dpkg-query -W -f='${Status}' loopback-agent 2>/dev/null || true)" != 'install ok installed' ]; then
    die 6 "loopback-agent is not installed after dpkg ran" "see: dpkg --audit"
  fi
}

install_tarball() {
  step="unpacking $pkg_file"
  say "installing $pkg_file"
  mkdir "$work/unpacked"
  tar -xzf "$work/$pkg_file" -C "$work/unpacked" || die 6 "cannot unpack $pkg_file"
  top=$work/unpacked/loopback-agent-$lb_tar_version
  for file in usr/lib/loopback-agent/loopback-agent.jar usr/lib/loopback-agent/loopback-agent \
      lib/systemd/system/loopback-agent.service etc/loopback/agent.conf; do
    if [ ! -f "$top/$file" ]; then
      die 6 "$pkg_file lacks $file"
    fi
  done
  ensure_user
  step="installing the files of $pkg_file"
  mkdir -p "$lib_dir" || die 6 "cannot create $lib_dir"
  put "$top/usr/lib/loopback-agent/loopback-agent.jar" "$lib_dir/loopback-agent.jar" 0644
  put "$top/usr/lib/loopback-agent/loopback-agent" "$lib_dir/loopback-agent" 0755
  if [ "$init" = systemd ]; then
    put "$top/lib/systemd/system/loopback-agent.service" "$unit_file" 0644
    write_java_dropin
  fi
  # systemd creates it too (StateDirectory=); without systemd nothing else would.
  if [ ! -d "$state_dir" ]; then
    mkdir -p "$state_dir" && chown loopback-agent:loopback-agent "$state_dir" && chmod 0700 "$state_dir" \
      || die 6 "cannot create $state_dir"
  fi
  config_template=$top/etc/loopback/agent.conf
}

# A java that systemd would not find by itself is named in a drop-in; otherwise a stale one goes.
write_java_dropin() {
  dropin=$java_dropin_dir/java.conf
  if [ -z "$java_env" ]; then
    rm -f "$dropin"
    return 0
  fi
  mkdir -p "$java_dropin_dir" || die 6 "cannot create $java_dropin_dir"
  pending=$dropin.new.$$
  printf '%s\n' '# Written by the Loopback install script: the java that runs the agent.' '[Service]' "Environment=$java_env" \
    >"$pending" && chmod 0644 "$pending" && mv -f "$pending" "$dropin" || die 6 "cannot write $dropin"
  pending=
}

# Sets key to the key of a "key = value" line, or to nothing for comments and other lines.
key_of() {
  key=$1
  key=${key#"${key%%[![:space:]]*}"}
  case $key in
    '#'* | '' | =*) key= ;;
    *=*)
      key=${key%%=*}
      key=${key%"${key##*[![:space:]]}"}
      ;;
    *) key= ;;
  esac
}

# Written through a temporary file in the same directory and renamed: agent.conf is never half
# written. The token goes through printf, a shell built-in, so it is on no command line.
write_config() {
  step="writing $conf"
  if [ ! -d "$conf_dir" ]; then
    mkdir -p "$conf_dir" && chmod 0755 "$conf_dir" || die 6 "cannot create $conf_dir"
  fi
  base=
  if [ -f "$conf" ]; then
    base=$conf
  elif [ -n "${config_template:-}" ]; then
    base=$config_template
  fi
  pending=$(mktemp "$conf_dir/.agent.conf.XXXXXX") || die 6 "cannot create a temporary file in $conf_dir"
  {
    if [ -n "$base" ]; then
      while IFS= read -r line || [ -n "$line" ]; do
        if [ "$line" = "$marker" ]; then
          continue
        fi
        key_of "$line"
        case $key in
          endpoint | ca-sha256 | token | trusted-keys | api-url) continue ;;
          log-level)
            if [ -n "$level" ]; then
              continue
            fi
            ;;
        esac
        printf '%s\n' "$line"
      done <"$base"
    fi
    printf '%s\n' "$marker" "endpoint = $lb_endpoint" "ca-sha256 = $lb_ca_sha256" "api-url = $lb_base_url"
    if [ -n "$lb_trusted_keys" ]; then
      printf 'trusted-keys = %s\n' "$lb_trusted_keys"
    fi
    if [ -n "$token" ]; then
      printf 'token = %s\n' "$token"
    fi
    if [ -n "$level" ]; then
      printf 'log-level = %s\n' "$level"
    fi
  } >"$pending" || die 6 "cannot write $pending"
  chown root:loopback-agent "$pending" && chmod 0640 "$pending" && mv -f "$pending" "$conf" \
    || die 6 "cannot install $conf"
  pending=
  debug "wrote $conf (endpoint $lb_endpoint${token:+, with the install token}${level:+, log-level $level})"
}

service_failed() {
  if have journalctl; then
    printf 'loopback-install: the last lines of its log:\n' >&2
    journalctl -u "$unit" -n 20 --no-pager >&2 || true
  fi
  die 7 "$1" "status: systemctl status $unit" "log:    journalctl -u $unit -e"
}

start_service() {
  step="starting the service $unit"
  systemctl daemon-reload || die 7 "systemctl daemon-reload failed"
  enable_says=$(systemctl enable "$unit" 2>&1) || die 7 "systemctl enable $unit failed: $enable_says"
  debug "systemctl enable: ${enable_says:-already enabled}"
  systemctl restart "$unit" || service_failed "systemctl restart $unit failed"
  # Active three checks in a row: a configuration the agent refuses stops it within a second or two.
  checks=0
  active=0
  while [ "$checks" -lt 20 ]; do
    sleep 1
    checks=$((checks + 1))
    state=$(systemctl is-active "$unit" 2>/dev/null || true)
    debug "service state: $state"
    case $state in
      active)
        active=$((active + 1))
        if [ "$active" -ge 3 ]; then
          return 0
        fi
        ;;
      failed | inactive) service_failed "the service $unit stopped (state: $state)" ;;
      *) active=0 ;;
    esac
  done
  service_failed "the service $unit did not settle as active within $checks seconds (state: $state)"
}

main() {
  trap cleanup EXIT
  trap interrupted INT TERM HUP
  check_root
  check_platform
  check_token
  check_log_level
  choose_package
  choose_source
  check_tools
  if [ "$format" = tar.gz ]; then
    check_java
  fi
  say "installing the Loopback agent $pkg_version ($format, channel $lb_channel) for workspace $lb_workspace"
  download
  if [ "$format" = deb ]; then
    install_deb
  else
    install_tarball
  fi
  write_config
  if [ "$init" = systemd ]; then
    start_service
    say "loopback-agent $pkg_version is running and dials $lb_endpoint; follow it with: journalctl -u $unit -f"
  else
    say "installed without a service (LOOPBACK_INIT=none). Start the agent as its user, e.g.:"
    say "  runuser -u loopback-agent -- ${java_env:+env $java_env }$lib_dir/loopback-agent"
  fi
  step=finishing
}

main "$@"
