#!/usr/bin/env bash
# Installs what gpucompat builds and tests with, from Debian's packages,
# skipping what is already there. Run as root (or with sudo available).
set -euo pipefail
want=(cmake ninja-build g++ pkgconf nlohmann-json3-dev doctest-dev libcli11-dev libbenchmark-dev "$@")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all present (${want[*]})"
  exit 0
fi
echo "deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
