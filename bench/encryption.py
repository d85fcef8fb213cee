#!/usr/bin/env python3
"""Cost of encryption at rest (issue 17, docs/encryption.md "Cost"): the same load against Chat with
Chat:Encryption:Enabled off and on, on SQLite, one fresh data directory each.

    python3 bench/encryption.py [path/to/Chat.Api.dll] [--seconds 10] [--messages 2000] [--requests 300]

Per mode: durable sends/s (8 closed-loop REST senders, each answer is after the commit), then the p50/p99 of history
pages (limit 50, random positions) and of searches (a whole word and a 4-letter prefix), at concurrency 1. Standard
library only; the server listens on 127.0.0.1 at a free port and is stopped by its PID; every wait is bounded.
"""
import json, os, random, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

args = sys.argv[1:]
dll = next((a for a in args if a.endswith(".dll")), os.path.join(os.path.dirname(__file__), "..", "src", "Chat.Api", "bin", "Release", "net10.0", "Chat.Api.dll"))
def opt(name, default):
    return int(args[args.index(name) + 1]) if name in args else default
SECONDS, MESSAGES, REQUESTS, SENDERS = opt("--seconds", 10), opt("--messages", 2000), opt("--requests", 300), opt("--senders", 8)

rng = random.Random(17)
VOCAB = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9))) for _ in range(2000)]
def text():
    return " ".join(rng.choice(VOCAB) for _ in range(12))[:100]

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

# Straight to 127.0.0.1, whatever proxy the environment names.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

def call(base, method, path, token=None, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with OPENER.open(req, timeout=timeout) as r:
        raw = r.read()
        return json.loads(raw) if raw else None

def pct(values, p):
    values = sorted(values); return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

def run(mode):
    data = tempfile.mkdtemp(prefix="chat-enc-bench-")
    port = free_port(); base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, Chat__DataDirectory=data, Chat__Logging__MinimumLevel="Warning", Chat__Passwords__Iterations="1000",
               Chat__Encryption__Enabled="true" if mode == "on" else "false")
    for policy in ("Login", "Register", "SendMessage", "CreateConversation", "Socket"):
        env[f"Chat__RateLimits__{policy}__PermitLimit"] = "0"
    for k in ("ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS"):
        env.pop(k, None)
    server = subprocess.Popen(["dotnet", os.path.abspath(dll), "--urls", base], cwd=os.path.dirname(os.path.abspath(dll)), env=env,
                              stdout=open(os.path.join(data, "server.log"), "w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 90
        while True:
            try:
                OPENER.open(base + "/health/live", timeout=5).read(); break
            except Exception:
                if time.time() > deadline: raise SystemExit(f"{mode}: the server did not become healthy")
                time.sleep(0.5)
        api = "/api/v1"
        users = [call(base, "POST", api + "/auth/register", body={"username": f"bench{mode}{i}", "password": "perf-pass-1234"}) for i in range(2 * SENDERS)]
        convs = []
        for i in range(SENDERS):
            a, b = users[2 * i], users[2 * i + 1]
            req = call(base, "POST", api + "/friends/requests", a["accessToken"], {"userId": b["user"]["id"]})
            call(base, "POST", api + f"/friends/requests/{req['id']}/accept", b["accessToken"])
            convs.append((a["accessToken"], call(base, "POST", api + "/conversations/direct", a["accessToken"], {"userId": b["user"]["id"]})["id"]))

        # Durable sends: closed loop, one sender per direct conversation.
        counts = [0] * SENDERS; stop = time.time() + SECONDS
        def sender(i):
            token, conv = convs[i]
            while time.time() < stop:
                call(base, "POST", api + f"/conversations/{conv}/messages", token, {"content": text()}); counts[i] += 1
        threads = [threading.Thread(target=sender, args=(i,)) for i in range(SENDERS)]
        t0 = time.time(); [t.start() for t in threads]; [t.join(timeout=SECONDS + 60) for t in threads]
        sends = sum(counts) / (time.time() - t0)

        # History and search over one conversation of MESSAGES messages.
        token, conv = convs[0]
        have = counts[0]
        while have < MESSAGES:
            call(base, "POST", api + f"/conversations/{conv}/messages", token, {"content": text()}); have += 1
        history = []
        for _ in range(REQUESTS):
            before = rng.randint(51, have + 1); t = time.perf_counter()
            call(base, "GET", api + f"/conversations/{conv}/messages?before={before}&limit=50", token); history.append((time.perf_counter() - t) * 1000)
        search = []
        for i in range(REQUESTS):
            word = rng.choice(VOCAB); q = word if i % 2 == 0 else word[:4]; t = time.perf_counter()
            call(base, "GET", api + f"/search/messages?q={q}&limit=20", token); search.append((time.perf_counter() - t) * 1000)
        return {"mode": mode, "sends_per_s": round(sends, 1), "history_p50_ms": round(pct(history, 50), 1), "history_p99_ms": round(pct(history, 99), 1),
                "search_p50_ms": round(pct(search, 50), 1), "search_p99_ms": round(pct(search, 99), 1), "messages": have}
    finally:
        server.terminate()
        try: server.wait(timeout=10)
        except subprocess.TimeoutExpired: server.kill()
        shutil.rmtree(data, ignore_errors=True)

if __name__ == "__main__":
    load = open("/proc/loadavg").read().split()[:3]
    results = [run(m) for m in ("off", "on", "off", "on")]
    print(json.dumps({"load_average_at_start": load, "load_average_at_end": open("/proc/loadavg").read().split()[:3], "runs": results}, indent=1))
