-- One new two-line entry per request, each with its own Idempotency-Key.
local token = os.getenv("TOKEN")
local counter = 0
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
end

function request()
    counter = counter + 1
    local key = string.format("wrk-%d-%d-%d", id, counter, math.random(1, 1000000000))
    local body = string.format('{"key":"%s","date":"2026-03-01","memo":"wrk","lines":[{"account":"121","debit":"1.00"},{"account":"114","member":7,"credit":"1.00"}]}', key)
    return wrk.format("POST", "/v1/coops/bench/entries", {
        ["Authorization"] = "Bearer " .. token, ["Idempotency-Key"] = key, ["Content-Type"] = "application/json",
    }, body)
end

function response(status, headers, body)
    if status ~= 201 then io.stderr:write("unexpected status " .. status .. "\n") end
end
