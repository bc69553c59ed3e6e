#!/usr/bin/env bash
# Makes sure a Docker engine answers and Compose is installed.
# Idempotent: does nothing when an engine already answers.
# When it starts an engine itself it prints "started <pidfile>" on its last
# line, so a caller (CI) can stop exactly the engine it started.
set -euo pipefail

DATA_ROOT=${GAUNTLET_DOCKER_DATA_ROOT:-/var/lib/gauntlet-docker}
EXEC_ROOT=${GAUNTLET_DOCKER_EXEC_ROOT:-/run/gauntlet-docker}
PIDFILE=${GAUNTLET_DOCKER_PIDFILE:-/run/gauntlet-dockerd.pid}
SOCKET=${GAUNTLET_DOCKER_SOCKET:-/var/run/docker.sock}
LOG=${GAUNTLET_DOCKER_LOG:-/var/log/gauntlet-dockerd.log}
WAIT_SECONDS=${GAUNTLET_DOCKER_WAIT:-60}

say() { echo "ensure-docker: $*" >&2; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

have_compose() {
  docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1
}

install_packages() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "no Docker engine or Compose, and cannot install them (need root and apt-get)."
    say "install Docker Engine and Compose, start the engine, then run this again."
    exit 1
  fi
  local wanted=()
  command -v dockerd >/dev/null 2>&1 || wanted+=(docker.io)
  have_compose || wanted+=(docker-compose)
  command -v iptables >/dev/null 2>&1 || wanted+=(iptables)
  command -v nsenter >/dev/null 2>&1 || wanted+=(util-linux)
  [ ${#wanted[@]} -eq 0 ] && return 0
  say "installing ${wanted[*]} with apt-get..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >/dev/null
  say "installed ${wanted[*]}"
}

# A pidfile whose process is gone (killed machine, crashed engine) blocks dockerd.
clear_stale_pidfile() {
  [ -f "$PIDFILE" ] || return 0
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  say "removing stale pidfile $PIDFILE (pid ${pid:-none} is not running)"
  rm -f "$PIDFILE"
}

start_engine() {
  clear_stale_pidfile
  if [ -f "$PIDFILE" ]; then
    say "dockerd (pid $(cat "$PIDFILE")) is running but does not answer yet; waiting"
  else
    mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$(dirname "$SOCKET")"
    rm -f "$SOCKET"
    say "starting dockerd (data root $DATA_ROOT, socket $SOCKET, log $LOG)..."
    nohup dockerd --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" \
      --pidfile "$PIDFILE" -H "unix://$SOCKET" >>"$LOG" 2>&1 </dev/null &
    STARTED=1
  fi
  local waited=0
  until engine_answers; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      say "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG:"
      tail -n 20 "$LOG" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "engine answers after ${waited}s"
}

STARTED=0
if engine_answers && have_compose; then
  say "engine answers and Compose is installed"
  exit 0
fi
install_packages
engine_answers || start_engine
have_compose || { say "Compose is still missing"; exit 1; }
if [ "$STARTED" = 1 ]; then echo "started $PIDFILE"; fi
