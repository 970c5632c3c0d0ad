# Shared by the scripts: find (or install) what they need. Source it; it sets
#   JDK25   the JDK 25 home, or empty when this machine has none
#   MVN     the Maven command, with flags for quiet, non-interactive builds
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
# Maven 3.8's jansi writes a colour reset (ESC[0m) to each stream as it exits, even in batch mode;
# only this property, read when the JVM starts (not a -D on the command line), turns it off.
export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true"
