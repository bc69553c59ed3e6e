#!/usr/bin/env bash
# Pulls the official images the TiKV subject uses (the defaults of
# docker-compose.yaml, or the *_IMAGE variables when set). Needs a registry;
# says which image could not be pulled and why.
set -uo pipefail

images=(
  "${PD_IMAGE:-pingcap/pd:v8.5.0}"
  "${TIKV_IMAGE:-pingcap/tikv:v8.5.0}"
  "${PROMETHEUS_IMAGE:-prom/prometheus:v2.53.0}"
  "${GRAFANA_IMAGE:-grafana/grafana:11.3.0}"
)
failed=0
for image in "${images[@]}"; do
  if docker image inspect "$image" >/dev/null 2>&1; then
    echo "pull-images: $image is already here"
  elif out=$(timeout "${GAUNTLET_PULL_TIMEOUT:-600}" docker pull "$image" 2>&1); then
    echo "pull-images: pulled $image"
  else
    echo "pull-images: cannot pull $image: $(echo "$out" | tail -n 1)" >&2
    failed=1
  fi
done
exit "$failed"
