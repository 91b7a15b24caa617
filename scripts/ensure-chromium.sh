#!/usr/bin/env bash
# Make sure the system's Chromium is installed for the browser tests (tests/e2e), and
# print its path. Installs Debian's `chromium` package with the OS package manager when
# it is missing; the tests never download a browser of their own.
#
#   scripts/ensure-chromium.sh          # prints e.g. /usr/bin/chromium
#
# Exits non-zero, saying why, when Chromium cannot be installed here.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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

# fonts-dejavu-core: Chromium needs at least one font to draw text in screenshots.
if ! os_install Chromium "chromium fonts-dejavu-core" chromium "--cask chromium"; then
    echo "Cannot install Chromium here: no apt-get, dnf or brew. Install it, or set" >&2
    echo "CHROMIUM to its path, and run again (or E2E=skip to leave the browser tests out)." >&2
    exit 1
fi

if ! path=$(find_chromium); then
    echo "Chromium was installed but cannot be found on PATH." >&2
    exit 1
fi
echo "$path"
