-- wrk script for bench/api/run: POSTs ConfigMaps (~1 KiB, one label) to the path given on wrk's
-- command line, each with a name of its own (cm-<run>-<thread>-<n>), bearer token from $TOKEN.
-- Counts responses by status; done() prints `requests=N created=N other=N statuses=201:N,...`.
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    prefix = "cm-" .. (os.getenv("RUN") or "0") .. "-" .. id .. "-"
    n = 0
    statuses = {}
    payload = string.rep("x", 900)
    headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("TOKEN") }
end

function request()
    n = n + 1
    local body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"' .. prefix .. n ..
        '","labels":{"bench":"api"}},"data":{"value":"' .. payload .. '"}}'
    return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local total, created, byStatus = 0, 0, {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            byStatus[status] = (byStatus[status] or 0) + count
            total = total + count
            if status == 201 then created = created + count end
        end
    end
    local parts = {}
    for status, count in pairs(byStatus) do table.insert(parts, status .. ":" .. count) end
    io.write(string.format("requests=%d created=%d other=%d errors=%d statuses=%s p50_ms=%.2f p99_ms=%.2f\n",
        total, created, total - created,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
        table.concat(parts, ","), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
