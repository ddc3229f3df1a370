#!/bin/sh
# Post-install step of the deb and rpm packages: give the capture helper the two capabilities it needs to
# open an AF_PACKET socket and attach a BPF filter, so the app itself never runs as root. The helper
# drops them right after the socket is set up (see helper/). Where setcap cannot apply them, the fallback is
# pkexec: the package installs the polkit action org.trawl.capture (assets/linux/org.trawl.capture.policy)
# for this helper path, and `trawl doctor` / the app use it when pkexec is there.
set -e

HELPER="/opt/Trawl/resources/helper/trawl-capture"
POLICY="/usr/share/polkit-1/actions/org.trawl.capture.policy"
fallback=

if [ ! -f "$HELPER" ]; then
  echo "trawl: capture helper not found at $HELPER; live capture will be unavailable." >&2
  exit 0
fi

chown root:root "$HELPER"
chmod 0755 "$HELPER"

if command -v setcap >/dev/null 2>&1; then
  if ! setcap cap_net_raw,cap_net_admin=eip "$HELPER"; then
    echo "trawl: setcap failed (does this file system support capabilities?); live capture needs root." >&2
    fallback=1
  fi
else
  echo "trawl: setcap not found (install libcap2-bin / libcap); live capture needs root until it is applied:" >&2
  echo "  sudo setcap cap_net_raw,cap_net_admin=eip $HELPER" >&2
  fallback=1
fi
if [ -n "$fallback" ] && [ -f "$POLICY" ]; then
  if command -v pkexec >/dev/null 2>&1; then
    echo "trawl: Trawl will capture through pkexec instead (polkit action org.trawl.capture), asking for an administrator's password." >&2
  else
    echo "trawl: or install pkexec (package pkexec / polkit): Trawl then captures through it (polkit action org.trawl.capture)." >&2
  fi
fi

# Register the icon, the desktop entry and its capture MIME types, where the tools exist.
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true; fi
exit 0
