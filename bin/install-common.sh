#!/usr/bin/env bash
# Sourced by install.sh and uninstall.sh (not run): their shared options and helpers. The caller sets PROG and
# defines usage().

say() { printf '%s\n' "$*"; }
die() { echo "${PROG}: $*" >&2; exit 2; }

# parse_options "$@": --destdir DIR, --no-systemd-reload, --help. Sets DESTDIR and RELOAD.
parse_options() {
  DESTDIR=""
  RELOAD=1
  while (($# > 0)); do
    case "$1" in
      --destdir)
        (($# >= 2)) || die "--destdir needs a directory"
        DESTDIR="$2"
        shift 2
        ;;
      --destdir=*) DESTDIR="${1#--destdir=}"; shift ;;
      --no-systemd-reload) RELOAD=0; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done
}

# resolve_destdir: DESTDIR as an absolute path without a trailing slash ("" for /); without it, root is needed.
resolve_destdir() {
  if [[ -n "${DESTDIR}" ]]; then
    [[ -d "${DESTDIR}" ]] || die "--destdir ${DESTDIR} does not exist"
    DESTDIR="$(cd "${DESTDIR}" && pwd)"
    [[ "${DESTDIR}" != / ]] || DESTDIR=""
  elif [[ "$(id -u)" != 0 ]]; then
    die "run as root (or use --destdir DIR)"
  fi
}

# systemd_running: this is a live system (no --destdir) booted with systemd as PID 1 (sd_booted's test).
systemd_running() {
  [[ -z "${DESTDIR}" && -d /run/systemd/system ]]
}

# daemon_reload: makes systemd read the unit files again, or says why not.
daemon_reload() {
  if [[ -n "${DESTDIR}" ]]; then
    say "skipped systemctl daemon-reload (--destdir)"
  elif ((RELOAD == 0)); then
    say "skipped systemctl daemon-reload (--no-systemd-reload)"
  elif ! systemd_running; then
    say "skipped systemctl daemon-reload (systemd is not running here)"
  else
    systemctl daemon-reload
    say "ran systemctl daemon-reload"
  fi
}
