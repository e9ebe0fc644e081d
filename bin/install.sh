#!/usr/bin/env bash
# Installs galera-agent from an unpacked release tarball (galera-agent-<version>/bin/install.sh), or stages it
# into a directory for a package build (--destdir). Idempotent: run it again to upgrade. It never overwrites a
# configuration or secrets file that exists; it replaces the jar, the OCF agent, the unit, the shipped Jolokia
# policy (keeping a differing old one beside it) and the templates. It prints one line per thing it does.
# What goes where and why: doc/install.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bin/install.sh [--destdir DIR] [--no-systemd-reload] [--help]

Installs galera-agent (run as root, from the unpacked tarball):
  /usr/share/galera-agent/galera-agent.jar             the agent
  /usr/share/galera-agent/galera-agent.jsa             its class archive (AppCDS), made here by a training run
  /usr/share/galera-agent/jmx/                         jmxremote.password/access templates
  /usr/share/galera-agent/haproxy/                     HAProxy files shipped with this release
  /usr/share/galera-agent/examples/                    the shipped configuration examples (always current)
  /usr/share/doc/galera-agent/                         install.md, configuration.md
  /usr/lib/ocf/resource.d/galera-agent/galera          the OCF resource agent (ocf:galera-agent:galera)
  /etc/galera-agent/agent.properties                   0640, only if missing
  /etc/galera-agent/secrets.properties                 0600, only if missing
  /etc/galera-agent/ocf-curl.conf                      0600, only if missing
  /etc/galera-agent/jolokia-access.xml                 0644, replaced (a differing old one is kept beside it)
  /etc/galera-agent/jolokia-browse.xml                 0644, the same (policy of the optional browsing endpoint)
  /etc/default/galera-agent                            0644, only if missing
  /lib/systemd/system/galera-agent.service             then `systemctl daemon-reload`
  /var/lib/galera-agent                                0711 (the agent's stateDir; mysql may traverse to its recover logs)

  --destdir DIR          stage everything under DIR (like DESTDIR); no systemctl, root not required
  --no-systemd-reload    do not run `systemctl daemon-reload`
  --help                 this text
EOF
}

PROG=install.sh
# shellcheck source=bin/install-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/install-common.sh"
parse_options "$@"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -z "${DESTDIR}" ]] || mkdir -p "${DESTDIR}"
resolve_destdir
for f in lib/galera-agent.jar ocf/galera etc/agent.properties etc/jolokia-access.xml etc/jolokia-browse.xml systemd/galera-agent.service; do
  [[ -f "${SRC}/${f}" ]] || die "${SRC}/${f} is missing: run me from an unpacked release"
done
umask 022

# dir PATH MODE: one of our own directories: creates it, or sets its mode if it differs.
dir() {
  local d="${DESTDIR}$1" now
  if [[ ! -d "${d}" ]]; then
    parent "$1"
    install -d -m "$2" "${d}"
    say "created ${d}/ (mode $2)"
  else
    now="$(stat -c %a "${d}")"
    if [[ "${now}" != "${2#0}" ]]; then
      chmod "$2" "${d}"
      say "set the mode of ${d}/ to $2 (was ${now})"
    fi
  fi
}

# parent PATH: creates the missing directories above PATH (0755), and leaves existing ones alone.
parent() {
  local p
  p="${DESTDIR}$(dirname "$1")"
  [[ -d "${p}" ]] || { install -d -m 0755 "${p}"; say "created ${p}/"; }
}

# replace SRC PATH MODE: installs a file that belongs to the package (replaced on every upgrade). Through a
# temporary file and a rename, so a running agent keeps reading its old jar until it restarts.
replace() {
  local dst="${DESTDIR}$2"
  if [[ -f "${dst}" ]] && cmp -s "$1" "${dst}"; then
    chmod "$3" "${dst}"
    say "unchanged ${dst}"
    return 0
  fi
  local verb=installed
  [[ ! -e "${dst}" ]] || verb=updated
  parent "$2"
  install -m "$3" "$1" "${dst}.new.$$"
  mv -f "${dst}.new.$$" "${dst}"
  say "${verb} ${dst} (mode $3)"
}

# config SRC PATH MODE: installs a configuration file only if there is none: never overwrites an operator's file.
config() {
  local dst="${DESTDIR}$2"
  if [[ -e "${dst}" ]]; then
    say "kept existing ${dst}"
    if [[ "$3" == 0600 && -n "$(find "${dst}" -maxdepth 0 -perm /077)" ]]; then
      say "warning: ${dst} is readable by group or others; the agent refuses it: chmod 600 ${dst}"
    fi
    return 0
  fi
  parent "$2"
  install -m "$3" "$1" "${dst}"
  say "created ${dst} from the example (mode $3): edit it"
}

# policy SRC PATH: the Jolokia policy must match the operations this release's OCF agent calls, so it is
# replaced; an old one that differs (local changes, or the previous release's) is kept beside it.
policy() {
  local dst="${DESTDIR}$2" backup
  if [[ -f "${dst}" ]] && ! cmp -s "$1" "${dst}"; then
    backup="${dst}.old-$(date +%Y%m%d-%H%M%S)"
    [[ ! -e "${backup}" ]] || backup="${backup}-$$"
    cp -p "${dst}" "${backup}"
    say "kept the previous ${dst} as ${backup} (it differed from this release's)"
  fi
  replace "$1" "$2" 0644
}

# copy_tree SRC_DIR PATH: the files of a shipped folder (which may be missing or empty); files that an earlier
# release put under PATH and this one no longer ships are removed (PATH is ours alone).
copy_tree() {
  local f rel mode
  if [[ -d "$1" ]]; then
    while IFS= read -r -d '' f; do
      rel="${f#"$1"/}"
      mode=0644
      [[ ! -x "${f}" ]] || mode=0755
      replace "${f}" "$2/${rel}" "${mode}"
    done < <(find "$1" -type f -print0 | sort -z)
  fi
  while IFS= read -r -d '' f; do
    rel="${f#"${DESTDIR}$2"/}"
    if [[ ! -f "$1/${rel}" ]]; then
      rm -f -- "${f}"
      say "removed ${f} (no longer shipped)"
    fi
  done < <(find "${DESTDIR}$2" -type f -print0 | sort -z)
}

# class_archive: the agent's class-data-sharing archive (AppCDS), made for the installed jar and this JDK by a
# training run (galera.agent.Train: a throwaway agent on loopback, with no database, no Pacemaker and nothing
# outside a private temporary directory). The agent then starts on about a third less CPU, which counts after a
# power cut, when every node boots at once. Optional: without it (no java here, a failed run) or with a stale one
# (another jar or JDK), the JVM starts as it would without it; a stale one only adds a warning to the log. The
# archive names the jar by its path: with --destdir it serves an agent that runs the jar where it is staged.
class_archive() {
  local jar="${DESTDIR}/usr/share/galera-agent/galera-agent.jar" jsa="${DESTDIR}/usr/share/galera-agent/galera-agent.jsa"
  local log java=/usr/bin/java # the unit's java: the archive fits one JDK
  [[ -x "${java}" ]] || java="$(command -v java || true)"
  if [[ -z "${java}" ]]; then
    say "skipped ${jsa} (no java here): the agent starts without a class archive"
    return 0
  fi
  # -Xshare:on refuses to start the JVM unless the archive fits this jar (path, size, time) and this JDK.
  if [[ -f "${jsa}" ]] && "${java}" -XX:SharedArchiveFile="${jsa}" -Xshare:on -cp "${jar}" -version >/dev/null 2>&1; then
    say "unchanged ${jsa}"
    return 0
  fi
  log="$(mktemp)"
  rm -f -- "${jsa}.tmp"
  # Bounded: the run takes 2-4 s; an install never hangs on it.
  if timeout 120 "${java}" -XX:ArchiveClassesAtExit="${jsa}.tmp" -Xms32m -Xmx96m -XX:+UseSerialGC \
      -XX:TieredStopAtLevel=1 -cp "${jar}" galera.agent.Train >"${log}" 2>&1 && [[ -s "${jsa}.tmp" ]]; then
    chmod 0644 "${jsa}.tmp"
    mv -f -- "${jsa}.tmp" "${jsa}"
    say "made ${jsa} (class archive for this jar and $("${java}" -version 2>&1 | head -1))"
  else
    rm -f -- "${jsa}.tmp"
    say "warning: could not make ${jsa}; the agent starts without it. The training run said:"
    sed 's/^/  /' "${log}" | tail -20
  fi
  rm -f -- "${log}"
}

say "installing galera-agent from ${SRC}${DESTDIR:+ into ${DESTDIR}}"

dir /usr/share/galera-agent 0755
replace "${SRC}/lib/galera-agent.jar" /usr/share/galera-agent/galera-agent.jar 0644
class_archive
dir /usr/share/galera-agent/jmx 0755
replace "${SRC}/jmx/jmxremote.password.template" /usr/share/galera-agent/jmx/jmxremote.password.template 0644
replace "${SRC}/jmx/jmxremote.access.template" /usr/share/galera-agent/jmx/jmxremote.access.template 0644
dir /usr/share/galera-agent/haproxy 0755
copy_tree "${SRC}/haproxy" /usr/share/galera-agent/haproxy
dir /usr/share/galera-agent/examples 0755
for f in agent.properties secrets.properties.example ocf-curl.conf.example jolokia-access.xml jolokia-browse.xml; do
  replace "${SRC}/etc/${f}" "/usr/share/galera-agent/examples/${f}" 0644
done
replace "${SRC}/systemd/galera-agent.default" /usr/share/galera-agent/examples/galera-agent.default 0644
dir /usr/share/doc/galera-agent 0755
copy_tree "${SRC}/doc" /usr/share/doc/galera-agent

dir /usr/lib/ocf/resource.d/galera-agent 0755
replace "${SRC}/ocf/galera" /usr/lib/ocf/resource.d/galera-agent/galera 0755

dir /etc/galera-agent 0750
config "${SRC}/etc/agent.properties" /etc/galera-agent/agent.properties 0640
config "${SRC}/etc/secrets.properties.example" /etc/galera-agent/secrets.properties 0600
config "${SRC}/etc/ocf-curl.conf.example" /etc/galera-agent/ocf-curl.conf 0600
policy "${SRC}/etc/jolokia-access.xml" /etc/galera-agent/jolokia-access.xml
policy "${SRC}/etc/jolokia-browse.xml" /etc/galera-agent/jolokia-browse.xml
config "${SRC}/systemd/galera-agent.default" /etc/default/galera-agent 0644

replace "${SRC}/systemd/galera-agent.service" /lib/systemd/system/galera-agent.service 0644

dir /var/lib/galera-agent 0711

daemon_reload
if systemd_running; then
  if systemctl is-enabled --quiet mariadb.service 2>/dev/null; then
    say "warning: mariadb.service is enabled; Pacemaker (through the agent) must be the only one to start" \
      "mariadbd: systemctl disable mariadb.service"
  fi
  if systemctl is-active --quiet galera-agent.service; then
    say "galera-agent.service is running the previous jar: systemctl restart galera-agent (mariadbd keeps running)"
  fi
fi
say "done. Next: edit /etc/galera-agent/{agent.properties,secrets.properties,ocf-curl.conf}, then" \
  "systemctl enable --now galera-agent (doc/install.md)"
