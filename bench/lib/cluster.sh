# Shared by the benches that run a real one-node cluster (bench/pods, bench/services); source it after
# setting `repo` (the checkout) and `work` (a scratch directory the bench removes).
# A docker-registry on a free 127.0.0.1 port holding a static busybox image that runs `httpd -f -p 8080`,
# and `berth server` with its own data directory, ports, node name, bridge and address ranges.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { echo "$EPOCHREALTIME"; }
# Prefixes each line with its arrival time (bash's clock, no fork per line).
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
stop() { if [[ -n "$1" ]]; then kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi; }
quiet() { "$@" >>"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; return 1; }; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of the process (all its threads)
load() { cut -d' ' -f1-3 /proc/loadavg; }

# start_registry NAME: the registry (registry_pid, registry_port) and the image pushed to it as $image.
start_registry() {
    registry_port="$(free_port)"
    image="127.0.0.1:$registry_port/$1/busybox-httpd:1"
    mkdir -p "$work/registry" "$work/context"
    printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s/registry/data\nhttp:\n  addr: 127.0.0.1:%s\n' "$work" "$registry_port" >"$work/registry/config.yml"
    docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 </dev/null &
    registry_pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$registry_port/v2/" >/dev/null && break; sleep 0.1; done
    cp /bin/busybox "$work/context/"
    printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nRUN mkdir -p /www /tmp && echo ok > /www/index.html\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n' >"$work/context/Containerfile"
    quiet "$repo/berth" --root "$work/build" build -t "$image" "$work/context"
    quiet "$repo/berth" --root "$work/build" push "$image"
    # The server's own registries.yaml (none of /etc/berth's mirrors): 127.0.0.1 registries are plain HTTP anyway.
    printf 'mirrors: {}\n' >"$work/registries.yaml"
}

# start_server NODE BRIDGE CLUSTER_CIDR SERVICE_CIDR: the server (server_pid, api_port, KUBECONFIG), its node Ready.
start_server() {
    api_port="$(free_port)"
    export KUBECONFIG="$work/data/kubeconfig.yaml"
    "$repo/berth" server --data-dir "$work/data" --https-listen-port "$api_port" --kubelet-port 0 --node-name "$1" \
        --pod-bridge "$2" --cluster-cidr "$3" --service-cidr "$4" --private-registry "$work/registries.yaml" \
        >"$work/server.out" 2>"$work/server.err" &
    server_pid=$!
    for _ in $(seq 600); do grep -q "Berth is ready" "$work/server.out" && break; sleep 0.1; done
    grep -q "Berth is ready" "$work/server.out" || { echo "the server did not start:" >&2; tail -20 "$work/server.err" >&2; exit 1; }
    kubectl wait --for=condition=Ready "node/$1" --timeout=120s >/dev/null
    for _ in $(seq 300); do kubectl get serviceaccount default >/dev/null 2>&1 && break; sleep 0.1; done
}

# remove_node_leftovers NODE BRIDGE CLUSTER_DNS: what a killed server would leave of its node on the host.
remove_node_leftovers() {
    ip link del "$2" 2>/dev/null
    for table in $(nft list tables 2>/dev/null | awk -v n="$1" '$3 ~ n {print $2 " " $3}' | tr ' ' ':'); do
        nft delete table "${table%%:*}" "${table#*:}"
    done
    ip addr del "$3/32" dev berth-dns 2>/dev/null
    [[ -d /sys/class/net/berth-dns && -z "$(ip -o addr show dev berth-dns scope global)" ]] && ip link del berth-dns
    grep -o " $work[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
}
