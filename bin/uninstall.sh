#!/usr/bin/env bash
# Removes what bin/install.sh installed: the jar, the templates and examples, the docs, the OCF agent and the
# systemd unit. Never touches the configuration (/etc/galera-agent, /etc/default/galera-agent) or the agent's
# state (/var/lib/galera-agent: audit log, files moved aside), nor anything of mariadbd's. It prints one line
# per thing it does.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bin/uninstall.sh [--destdir DIR] [--no-systemd-reload] [--help]

Removes /usr/share/galera-agent, /usr/share/doc/galera-agent, /usr/lib/ocf/resource.d/galera-agent/galera and
/lib/systemd/system/galera-agent.service. Keeps /etc/galera-agent, /etc/default/galera-agent and
/var/lib/galera-agent. Refuses while galera-agent.service runs: Pacemaker stops and demotes the database
through the agent, so move the node's resources away first (crm node standby), then
`systemctl disable --now galera-agent`.

  --destdir DIR          remove from a tree staged with install.sh --destdir DIR; no systemctl
  --no-systemd-reload    do not run `systemctl daemon-reload`
  --help                 this text
EOF
}

PROG=uninstall.sh
# shellcheck source=bin/install-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/install-common.sh"
parse_options "$@"
resolve_destdir

if systemd_running && systemctl is-active --quiet galera-agent.service; then
  echo "uninstall.sh: galera-agent.service is running. Pacemaker stops and demotes the database through it:" \
    "move this node's resources away (crm node standby), run systemctl disable --now galera-agent, then" \
    "run me again. Nothing was removed." >&2
  exit 1
fi

# remove PATH: a file or a directory of ours.
remove() {
  local p="${DESTDIR}$1"
  if [[ -e "${p}" || -L "${p}" ]]; then
    rm -rf -- "${p}"
    say "removed ${p}"
  else
    say "absent ${p}"
  fi
}

# keep PATH: says what stays and why.
keep() {
  local p="${DESTDIR}$1"
  [[ ! -e "${p}" ]] || say "kept ${p} ($2)"
}

if [[ -z "${DESTDIR}" ]] && command -v systemctl >/dev/null \
  && systemctl is-enabled --quiet galera-agent.service 2>/dev/null; then
  systemctl disable galera-agent.service
  say "ran systemctl disable galera-agent.service"
fi
remove /lib/systemd/system/galera-agent.service
remove /usr/lib/ocf/resource.d/galera-agent/galera
if [[ -d "${DESTDIR}/usr/lib/ocf/resource.d/galera-agent" ]] \
  && rmdir "${DESTDIR}/usr/lib/ocf/resource.d/galera-agent" 2>/dev/null; then
  say "removed ${DESTDIR}/usr/lib/ocf/resource.d/galera-agent/ (empty)"
fi
remove /usr/share/galera-agent
remove /usr/share/doc/galera-agent
keep /etc/galera-agent "configuration and secrets: remove by hand if you mean it"
keep /etc/default/galera-agent "configuration"
keep /var/lib/galera-agent "the agent's state: audit log and files moved aside"

daemon_reload
say "done"
