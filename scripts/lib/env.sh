# Shared by the scripts: find (or install) what they need. Source it; it sets
#   JDK25   the JDK 25 home, or empty when this machine has none
#   MVN     the Maven command, with flags for quiet, non-interactive builds
#   build   a function: runs a command, printing its output only if it fails
#   CLI_JAR the command line's shaded jar (it holds the library and every dependency), and
#   build_cli a function that (re)builds it, only when a source or pom changed since it was made
# and cds to the repository root.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
ROOT=$(pwd)

# apt-get as root, or through sudo; prints what it does. Used only when a tool is missing.
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "[backprop4j] installing $* (Debian packages)" >&2
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

if ! command -v javac >/dev/null 2>&1; then apt_install openjdk-17-jdk-headless; fi
if ! command -v mvn >/dev/null 2>&1; then apt_install maven; fi

JDK25=""
for d in "${BACKPROP4J_JDK25:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/java" ]; then JDK25=$d; break; fi
done

MVN="mvn -B -ntp -e"

# Runs a build command, showing its output only when it fails (even with -q, Maven 3.8 prints
# colour resets).
build() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

CLI_JAR="$ROOT/cli/target/backprop4j-cli-0.1.0-SNAPSHOT.jar"
build_cli() {
  if [ ! -e "$CLI_JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" "$ROOT/cli/src/main" "$ROOT/cli/pom.xml" -newer "$CLI_JAR" -print -quit)" ]; then
    build $MVN -q install -DskipTests
    build $MVN -q -f "$ROOT/cli/pom.xml" package -DskipTests
  fi
}
# Maven 3.8's jansi writes a colour reset (ESC[0m) to each stream as it exits, even in batch mode;
# only this property, read when the JVM starts (not a -D on the command line), turns it off.
export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true"
