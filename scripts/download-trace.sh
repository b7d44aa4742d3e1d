#!/usr/bin/env bash
# Downloads the Alibaba GPU cluster trace v2023 ("openb") files that `gpu-autoscaler simulate`
# replays, from the trace's public repository at a pinned commit, and checks their sha256.
#
#   scripts/download-trace.sh [DEST_DIR]      (default: traces/alibaba-gpu-v2023 beside this repo)
#
# Terms: the trace's repository allows use "for research or study purpose"; see
# https://github.com/alibaba/clusterdata (cluster-trace-gpu-v2023). Cite Weng et al., "Beware of
# Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX
# ATC 2023, when you publish results.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$here/traces/alibaba-gpu-v2023}"
commit="7a6c496e4f4b6ce6150be8f881cb051bf2abff42"
base="https://raw.githubusercontent.com/alibaba/clusterdata/$commit/cluster-trace-gpu-v2023/csv"

# file name and sha256 of the byte-identical upstream files
files=(
  "openb_node_list_gpu_node.csv 2beca64b4d3dfa342036a34b56a495c6cef9225db836c81f541282cb1df320b5"
  "openb_pod_list_default.csv 1ee7ed79c27a3b0861cda8ddba86a004c6aba904caafa329a76ae93ca63834a8"
)

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 3 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  echo "download-trace: neither curl nor wget is installed" >&2
  exit 1
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha() { sha256sum "$1" | cut -d' ' -f1; }
else
  sha() { shasum -a 256 "$1" | cut -d' ' -f1; }
fi

mkdir -p "$dest"
for entry in "${files[@]}"; do
  name="${entry%% *}"
  want="${entry##* }"
  if [ -f "$dest/$name" ] && [ "$(sha "$dest/$name")" = "$want" ]; then
    echo "download-trace: $name is already there and intact"
    continue
  fi
  tmp="$(mktemp "$dest/.$name.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  echo "download-trace: fetching $name"
  fetch "$base/$name" "$tmp"
  got="$(sha "$tmp")"
  if [ "$got" != "$want" ]; then
    echo "download-trace: $name has sha256 $got, expected $want; not installed" >&2
    exit 1
  fi
  mv "$tmp" "$dest/$name"
  trap - EXIT
done
echo "download-trace: the trace is in $dest"
echo "download-trace: run ./gpu-autoscaler simulate --trace-dir $dest (found there by default)"
