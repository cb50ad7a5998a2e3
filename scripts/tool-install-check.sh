#!/usr/bin/env bash
# Packaging check, offline: packs exportflow as a .NET tool, installs it from that nupkg alone (no other
# package source) into a temporary tool path, and checks that 'exportflow --version' prints the version
# and the commit; then publishes for this machine's runtime identifier and checks that the folder
# carries only this platform's native libraries. Uses only packages already in the NuGet cache.
# Usage: scripts/tool-install-check.sh   (exit 0 when both checks pass; about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "tool-install-check: FAILED: $*" >&2; exit 1; }

# 1. dotnet tool install from the locally packed nupkg.
dotnet pack Simulation -c Release -o "$work/nupkg" -v quiet >/dev/null
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/nupkg" />
  </packageSources>
</configuration>
CONFIG
dotnet tool install --tool-path "$work/tool" --configfile "$work/nuget.config" ExportFlow >/dev/null
version_line="$("$work/tool/exportflow" --version)"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
case "$version_line" in
  "exportflow $version (commit "*")") ;;
  *) fail "'exportflow --version' printed '$version_line', expected 'exportflow $version (commit …)'" ;;
esac
if head="$(git rev-parse HEAD 2>/dev/null)"; then
  commit="${version_line##*(commit }"
  commit="${commit%)}"
  [ "$commit" = "unknown" ] || [ "${head#"$commit"}" != "$head" ] || fail "commit '$commit' is not HEAD ($head)"
fi
echo "tool install: $version_line"

# 2. A publish for one runtime identifier carries only that platform's native libraries.
rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)"
[ -n "$rid" ] || fail "cannot tell this machine's runtime identifier from 'dotnet --info'"
dotnet publish Simulation -c Release -r "$rid" --self-contained false -o "$work/publish" -v quiet >/dev/null
[ ! -d "$work/publish/runtimes" ] || fail "publish -r $rid has a runtimes/ folder: $(ls "$work/publish/runtimes" | tr '\n' ' ')"
case "$rid" in
  win-*) foreign='*.so *.dylib'; skia='libSkiaSharp.dll' ;;
  osx-*) foreign='*.so'; skia='libSkiaSharp.dylib' ;;
  *) foreign='*.dylib'; skia='libSkiaSharp.so' ;;
esac
for pattern in $foreign; do
  found="$(find "$work/publish" -name "$pattern" | head -n 1)"
  [ -z "$found" ] || fail "publish -r $rid carries another platform's native library: ${found#"$work/publish/"}"
done
[ -f "$work/publish/$skia" ] || fail "publish -r $rid has no $skia, the chart library's native part for this platform"
echo "publish -r $rid: $(du -sh "$work/publish" | cut -f1) with $skia and no other platform's natives"
echo "tool-install-check: OK"
