#!/usr/bin/env python3
"""What a hostile or heavy client does to `quire serve`, measured from a process of its own.

Starts `quire serve` (the binary given, default .build/release/quire) on loopback and
prints one Markdown table:
  - idle flood: N connections opened and left idle; a valid request during the flood;
    the server's descriptors, resident size and CPU after they close;
  - overload: C clients posting a line image as fast as they are answered for T
    seconds: answers (200) and refusals (429) a second;
  - large pages: ten 8192 x 8192 RGBA 16-bit PNGs (about 900 KB each) posted at once
    with detect_direction: the server's peak and final resident size.

Usage: scripts/serve-probe.py [--quire PATH] [--engine auto] [--flood 19000] [--clients 128] [--seconds 10]
                              [--pages 10] [--parts flood,overload,pages]
Python's standard library only.
"""
import argparse, base64, json, os, resource, socket, struct, subprocess, sys, threading, time, urllib.request, zlib

parser = argparse.ArgumentParser()
parser.add_argument("--quire", default=".build/release/quire")
parser.add_argument("--engine", default="auto")
parser.add_argument("--flood", type=int, default=19000)
parser.add_argument("--clients", type=int, default=128)
parser.add_argument("--seconds", type=float, default=10)
parser.add_argument("--pages", type=int, default=10)
parser.add_argument("--parts", default="flood,overload,pages", help="which of flood, overload, pages to run")
args = parser.parse_args()

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
server = subprocess.Popen([args.quire, "serve", "--engine", args.engine, "--port", str(port)],
                          stderr=subprocess.DEVNULL, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
endpoint = f"http://127.0.0.1:{port}/v2/probe/ocr/handwriting"
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", port)).close()
        break
    except OSError:
        time.sleep(0.1)

def resident():
    with open(f"/proc/{server.pid}/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))

def descriptors():
    return len(os.listdir(f"/proc/{server.pid}/fd"))

def cpu_ticks():
    with open(f"/proc/{server.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def post(body, timeout=300):
    request = urllib.request.Request(endpoint, data=body, headers={"Content-Type": "application/json"})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except Exception:
        status = 0
    return status, time.time() - started

here = os.path.dirname(os.path.abspath(__file__))
line = base64.b64encode(open(os.path.join(here, "..", "samples", "en_line_1.png"), "rb").read()).decode()
line_body = json.dumps({"image": line, "quick_mode": True}).encode()
rows = []
post(line_body)  # models loaded

parts = args.parts.split(",")

# Idle flood.
connections = []
if "flood" not in parts: args.flood = 0
started = time.time()
for _ in range(args.flood):
    try:
        connections.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    except OSError:
        break
opened = time.time() - started
during_fds, during_rss = descriptors(), resident()
status, took = post(line_body, timeout=30)
for connection in connections:
    connection.close()
time.sleep(3)
before = cpu_ticks(); time.sleep(3); idle_ticks = cpu_ticks() - before
after_status, after_took = post(line_body, timeout=30)
if "flood" in parts: rows.append(("idle flood", f"{len(connections)} idle connections opened in {opened:.0f} s",
             f"server: {during_fds} descriptors, {during_rss} MiB; a valid request meanwhile: {status} in {took * 1000:.0f} ms; "
             f"after: {descriptors()} descriptors, {resident()} MiB, {idle_ticks} CPU ticks in 3 s idle, a request: {after_status} in {after_took * 1000:.0f} ms"))

# Overload.
counts = {}
latencies = []
lock = threading.Lock()
deadline = time.time() + (args.seconds if "overload" in parts else 0)
def client():
    while time.time() < deadline:
        status, took = post(line_body, timeout=60)
        with lock:
            counts[status] = counts.get(status, 0) + 1
            if status == 200:
                latencies.append(took)
threads = [threading.Thread(target=client) for _ in range(args.clients)]
for thread in threads: thread.start()
for thread in threads: thread.join()
latencies.sort()
median = latencies[len(latencies) // 2] * 1000 if latencies else 0
if "overload" in parts: rows.append(("overload", f"{args.clients} clients, line images, {args.seconds:.0f} s",
             f"{counts.get(200, 0) / args.seconds:.1f} answers/s (median {median:.0f} ms), "
             f"{counts.get(429, 0) / args.seconds:.1f} refusals (429)/s, other: {sum(v for k, v in counts.items() if k not in (200, 429))}"))

# Large pages.
def large_png(side=8192):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    white, black = b"\xff\xff" * 4, b"\x00\x00" * 3 + b"\xff\xff"
    striped = b"\x00" + white * 1000 + (black * 20 + white * 20) * 150 + white * (side - 7000)
    blank = b"\x00" + white * side
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(striped if 2000 <= y < 6000 and (y // 60) % 2 == 0 else blank) for y in range(side))
    data += packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 16, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
if "pages" not in parts: args.pages = 0
page = large_png(8192 if args.pages else 16)
page_body = json.dumps({"image": base64.b64encode(page).decode(), "detect_direction": True}).encode()
peak = [resident()]
start_rss = peak[0]
watching = [True]
def watch():
    while watching[0]:
        peak[0] = max(peak[0], resident())
        time.sleep(0.02)
watcher = threading.Thread(target=watch); watcher.start()
statuses = []
posters = [threading.Thread(target=lambda: statuses.append(post(page_body)[0])) for _ in range(args.pages)]
for poster in posters: poster.start()
for poster in posters: poster.join()
while args.pages:  # the engine may still be at pages already answered with 504
    before = cpu_ticks(); time.sleep(2)
    if cpu_ticks() - before < 5: break
watching[0] = False; watcher.join()
if "pages" in parts: rows.append(("large pages", f"{args.pages} PNGs of 8192 x 8192 RGBA16 ({len(page) // 1024} KB each) at once, detect_direction",
             f"answers {sorted(statuses)}; resident {start_rss} MiB before, peak {peak[0]} MiB, {resident()} MiB once the engine is idle"))

server.terminate(); server.wait()
print(f"| case ({args.engine}) | load | measured |")
print("|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
