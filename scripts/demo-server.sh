# Sourced by the check and fuzz scripts: builds `dancu` (unless DANCU_BUILT is set), starts `dancu serve`
# with the demo in a fresh temporary directory ($work, the current directory afterwards), waits until it
# is ready, and stops it and removes the directory on exit. Set $repo first; pass the port and any
# further serve flags.
#   start_demo_server PORT [serve flags...]
start_demo_server() {
  local port=$1
  shift
  [ -n "${DANCU_BUILT:-}" ] || swift build --product dancu >/dev/null
  work=$(mktemp -d)
  server=""
  trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi; rm -rf "$work"' EXIT
  cd "$work"
  DANCU_BCRYPT_COST=${DANCU_BCRYPT_COST:-4} "$repo/.build/debug/dancu" serve --port "$port" "$@" > serve.log 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "FAILED: dancu serve did not become ready"
  cat serve.log
  return 1
}
