# Trường Sơn set-up, sourced by ./truongson and .ci/run (bash). One list of packages: deploy/debian-packages.txt.
#   ts_require <command>   installs (Debian, as root or with password-less sudo) or names what <command> needs
#   ts_pick_jdk            exports JAVA_HOME and PATH for a JDK >= 21, installing one from apt where it can
# Messages go to stderr, one line per package group. Nothing here prints a stack trace.

TS_SETUP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TS_PACKAGES_FILE="$TS_SETUP_DIR/debian-packages.txt"

ts_say() { echo "truongson: $*" >&2; }

# The way to become root for apt-get: "" as root, "sudo -n" with password-less sudo; returns 1 otherwise.
ts_root_prefix() {
  if [ "$(id -u)" = 0 ]; then echo ""; return 0; fi
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then echo "sudo -n"; return 0; fi
  return 1
}

ts_present() { # probe list "a,b,/path" → 0 when every item is there
  local item IFS=,
  for item in $1; do
    case "$item" in
      /*) [ -e "$item" ] || return 1 ;;
      *) command -v "$item" >/dev/null 2>&1 || [ -x "/usr/sbin/$item" ] || return 1 ;;
    esac
  done
  return 0
}

TS_APT_UPDATED=0
ts_apt_install() { # group, packages…
  local group="$1"; shift
  local prefix log="${TMPDIR:-/tmp}/truongson-apt.log"
  prefix="$(ts_root_prefix)" || return 2
  command -v apt-get >/dev/null 2>&1 || return 2
  if [ "$TS_APT_UPDATED" = 0 ]; then
    # A fresh machine's package lists are empty or stale: refresh them once per launcher run.
    $prefix env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 || ts_say "apt-get update failed (see $log); trying with the lists there are"
    TS_APT_UPDATED=1
  fi
  ts_say "installing $group: $* (apt-get, log in $log)"
  $prefix env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$log" 2>&1
}

# ts_require <command>: every group whose "for" names <command> (or every group for "all").
ts_require() {
  local want="$1" group for probe pkgs missing_groups=() missing_pkgs=() rc
  while read -r group for probe pkgs; do
    case "$group" in ''|'#'*) continue ;; esac
    [ "$want" = all ] || [[ ",$for," == *",$want,"* ]] || continue
    ts_present "$probe" && continue
    rc=0; ts_apt_install "$group" $pkgs || rc=$?
    if [ "$rc" = 0 ] && ts_present "$probe"; then continue; fi
    [ "$rc" = 2 ] || ts_say "could not install $group ($pkgs); see ${TMPDIR:-/tmp}/truongson-apt.log"
    missing_groups+=("$group"); missing_pkgs+=($pkgs)
  done <"$TS_PACKAGES_FILE"
  [ ${#missing_groups[@]} -eq 0 ] && return 0
  ts_say "missing for '$want': ${missing_groups[*]}. Install them with:"
  echo "  sudo apt-get install -y --no-install-recommends ${missing_pkgs[*]}" >&2
  return 1
}

ts_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }

ts_find_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]-* /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v="$(ts_java_major "$c")"
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}

ts_pick_jdk() {
  local jdk p
  jdk="$(ts_find_jdk)" || {
    # Debian 12 ships 17; a newer JDK comes from whatever apt source the machine has (Adoptium, backports).
    for p in openjdk-21-jdk-headless temurin-21-jdk openjdk-25-jdk-headless temurin-25-jdk; do
      apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}' | grep -qv '^(none)$' || continue
      ts_apt_install jdk "$p" && break
    done
    jdk="$(ts_find_jdk)"
  } || { ts_say "no JDK >= 21 found under /usr/lib/jvm or JAVA_HOME. Install one, e.g.: sudo apt-get install -y temurin-21-jdk (Adoptium's apt source), then run again"; return 1; }
  export JAVA_HOME="$jdk" PATH="$jdk/bin:$PATH"
}
