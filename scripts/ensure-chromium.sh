#!/usr/bin/env bash
# Make sure the system's Chromium is installed for the browser tests (tests/e2e), and
# print its path. Installs Debian's `chromium` package with the OS package manager when
# it is missing; the tests never download a browser of their own.
#
#   scripts/ensure-chromium.sh          # prints e.g. /usr/bin/chromium
#
# Exits non-zero, saying why, when Chromium cannot be installed here.
set -euo pipefail

find_chromium() {
    local name
    for name in "${CHROMIUM:-}" chromium chromium-browser google-chrome-stable; do
        if [ -n "$name" ] && command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
    done
    return 1
}

if path=$(find_chromium); then
    echo "$path"
    exit 0
fi

echo "Chromium is not installed; installing it with the OS package manager." >&2
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
if command -v apt-get >/dev/null; then
    $SUDO apt-get update -qq >&2
    # fonts-dejavu-core: Chromium needs at least one font to draw text in screenshots.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >&2
elif command -v dnf >/dev/null; then
    $SUDO dnf install -y -q chromium >&2
elif command -v brew >/dev/null; then
    brew install --cask chromium >&2
else
    echo "Cannot install Chromium here: no apt-get, dnf or brew. Install it, or set" >&2
    echo "CHROMIUM to its path, and run again (or E2E=skip to leave the browser tests out)." >&2
    exit 1
fi

if ! path=$(find_chromium); then
    echo "Chromium was installed but cannot be found on PATH." >&2
    exit 1
fi
echo "$path"
