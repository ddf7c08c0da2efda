# shellcheck shell=bash
# Small network helpers shared by the scripts in scripts/. Source this file; it defines functions only.

# port_is_free PORT: succeeds when nothing on this machine holds PORT on 127.0.0.1.
# A real bind is the only honest test (a port can be bound without listening), so use python3 when it is
# there; otherwise fall back to "nobody answers a connection", which misses bound-but-not-listening ports.
port_is_free() {
    local port=$1
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$port" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# Servers (SwiftNIO, PostgreSQL) set SO_REUSEADDR, so a port held only by TIME_WAIT is free for them too.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
    else
        ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# pick_free_port START: prints the first free port from START upwards (tries 100 ports), fails if none.
pick_free_port() {
    local port=$1 last=$(($1 + 99))
    while ((port <= last)); do
        if port_is_free "$port"; then
            echo "$port"
            return 0
        fi
        port=$((port + 1))
    done
    echo "no free port in $1..$last on 127.0.0.1" >&2
    return 1
}
