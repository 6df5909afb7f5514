-- One new two-line entry per request, each with its own Idempotency-Key; with COOPS=N the
-- requests are spread over cooperatives bench, bench-2 … bench-N.
local token = os.getenv("TOKEN")
local coops = tonumber(os.getenv("COOPS") or "1")
local counter = 0
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
end

function request()
    counter = counter + 1
    local key = string.format("wrk-%d-%d-%d", id, counter, math.random(1, 1000000000))
    local n = math.random(1, coops)
    local coop = n == 1 and "bench" or ("bench-" .. n)
    local body = string.format('{"key":"%s","date":"2026-03-01","memo":"wrk","lines":[{"account":"121","debit":"1.00"},{"account":"114","member":7,"credit":"1.00"}]}', key)
    return wrk.format("POST", "/v1/coops/" .. coop .. "/entries", {
        ["Authorization"] = "Bearer " .. token, ["Idempotency-Key"] = key, ["Content-Type"] = "application/json",
    }, body)
end

function response(status, headers, body)
    if status ~= 201 then io.stderr:write("unexpected status " .. status .. "\n") end
end
