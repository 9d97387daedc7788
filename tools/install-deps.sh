#!/usr/bin/env bash
# install-deps.sh - install binsift's build and test dependencies from
# Debian's packages (Debian 12 "bookworm" or later). Skips apt entirely when
# everything is already installed.
set -euo pipefail

packages=(
    cmake gcc make pkg-config python3
    default-libmysqlclient-dev zlib1g-dev libyaml-dev libxxhash-dev libcmocka-dev
    libzstd-dev libpcre2-dev
    mariadb-server mariadb-client
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# policy-rc.d keeps the packaged mariadb service from starting: tests run their
# own throwaway servers.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
