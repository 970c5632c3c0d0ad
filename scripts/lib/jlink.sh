# Shared by scripts/bundle and scripts/package: jlinks a small Java runtime. Source it after
# env.sh (it uses JDK25 and apt_install), then
#   make_runtime DEST MODULE...   writes a stripped runtime with those modules (and what they
#                                 require) to DEST, replacing what was there
# It links from JDK 25 when present, otherwise from the default JDK, with a warning.

# The JDK whose jlink can link: it needs the JDK's jmods, or (JDK 24+, JEP 493) a build that
# links from its own run-time image. Prints its home; installs Debian's JDK 17 as a last resort.
link_jdk() {
  local home candidates=()
  [ -n "${JDK25:-}" ] && candidates+=("$JDK25")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/jlink" ] || continue
    if [ -d "$home/jmods" ] || "$home/bin/jlink" --help 2>/dev/null | grep -q 'Linking from run-time image enabled'; then
      echo "$home"
      return 0
    fi
  done
  # Debian's JDK 17 package carries jlink and the jmods.
  apt_install openjdk-17-jdk-headless
  home=/usr/lib/jvm/java-17-openjdk-amd64
  if [ -d "$home/jmods" ]; then echo "$home"; return 0; fi
  echo "[backprop4j] no JDK here can jlink: install a JDK 25 (Temurin) or openjdk-17-jdk-headless with its jmods" >&2
  return 1
}

# The JDK's feature version (17, 25, ...), from its release file.
jdk_feature() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

make_runtime() {
  local dest=$1 jdk version compress
  shift
  jdk=$(link_jdk) || return 1
  version=$(jdk_feature "$jdk")
  if [ "$version" != 25 ]; then
    echo "[backprop4j] WARNING: JDK 25 not found; linking the runtime from JDK $version ($jdk)." \
      "Speed figures assume JDK 25, and a distribution's JDK may need its system libraries on the target." >&2
  fi
  # zip-N replaced the numeric levels in JDK 21; JDK 17 knows only 0, 1 and 2 (2 = zip).
  compress=zip-6
  [ "$version" -lt 21 ] && compress=2
  local IFS=,
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  # build: quiet unless it fails (jlink warns about the incubator module on every run).
  build "$jdk/bin/jlink" --add-modules "$*" --output "$dest" \
    --strip-debug --no-man-pages --no-header-files --compress="$compress"
}
