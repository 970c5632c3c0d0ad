# Shared by the tests of the self-contained builds (bundle/, dist/): source it, then
#   without_java CMD ARG...   runs CMD as on a machine with no Java: an empty environment
#                             (env -i: no JAVA_HOME), PATH=/usr/bin:/bin, and no `java` on it
# As root it hides every installed JDK (/usr/lib/jvm) in a private mount namespace, so that a
# runtime that still needed one would fail; otherwise PATH gets links to /usr/bin's tools less
# the JDK's, which proves less (a JDK's files stay readable) but still keeps `java` out of reach.
without_java() {
  # Inside the clean environment: refuse to go on if a `java` can still be found.
  local clean=(bash -c 'if command -v java >/dev/null; then echo "[backprop4j] java is still on the PATH: $(command -v java)" >&2; exit 97; fi; exec "$@"' without_java "$@")
  if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    unshare -m bash -c 'mount -t tmpfs none /usr/lib/jvm && exec "$@"' without_java \
      env -i PATH=/usr/bin:/bin HOME="$HOME" TERM=dumb "${clean[@]}"
  else
    local bin f status=0
    bin=$(mktemp -d)
    for f in /usr/bin/* /bin/*; do
      case "$(readlink -f "$f")" in /usr/lib/jvm/*) ;; *) ln -sf "$f" "$bin/" ;; esac
    done
    env -i PATH="$bin" HOME="$HOME" TERM=dumb "${clean[@]}" || status=$?
    rm -rf "$bin"
    return $status
  fi
}
