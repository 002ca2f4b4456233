#!/usr/bin/env python3
"""Client of bench/gateway.sh: dossier envelopes with a 1 MB PDF, delivered directly to a receiver standing for the
high side, and through the gateway (POST to its low listener: schema, size, files by content, ClamAV, CDR; then
claimed and acknowledged on its high listener), in one run. Prints a Markdown table.
Usage: gateway-bench.py LOW_PORT HIGH_PORT LOW_TOKEN HIGH_TOKEN MESSAGES CONCURRENCY WORKDIR"""
import base64, json, os, statistics, sys, threading, time, urllib.request, uuid
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from concurrent.futures import ThreadPoolExecutor

low, high, low_token, high_token, n, conc, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]


def pdf(size):
    """A one-page PDF whose page is an RGB image of random bytes (incompressible), with a valid xref."""
    side = int((size / 3) ** 0.5)
    img = os.urandom(side * side * 3)
    content = b"q 400 0 0 400 72 100 cm /Im1 Do Q BT /F1 14 Tf 72 700 Td (Don de nghi) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length %d >>\nstream\n" % (side, side, len(img)) + img + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


PDF = pdf(1024 * 1024)


def envelope(i):
    mid = "bench-%s-%d" % (uuid.uuid4().hex[:12], i)
    return mid, json.dumps({"id": mid, "type": "dossier.envelope", "label": "THUONG", "sender": "bench",
                            "payload": {"dossierCode": "HS-%06d" % i, "procedureCode": "1.001234", "submittedAt": "2026-12-07T09:15:00+07:00",
                                        "applicant": {"fullName": "Nguyễn Thị Hoà", "idNumber": "001190012345"}},
                            "files": [{"name": "don-de-nghi.pdf", "content": base64.b64encode(PDF).decode()}]}).encode()


class Receiver(BaseHTTPRequestHandler):
    """Direct delivery: the high side's receiver reads the envelope, parses it, stores it, answers 202."""
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        m = json.loads(body)
        with open(os.path.join(work, "direct-" + m["id"] + ".json"), "wb") as f:
            f.write(body)
        self.send_response(202); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")

    def log_message(self, *a):
        pass


def post(url, body, token=None):
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read()


def direct(port):
    def one(i):
        mid, body = envelope(i)
        t = time.perf_counter()
        s, _ = post("http://127.0.0.1:%d/" % port, body)
        assert s == 202
        return time.perf_counter() - t
    return one


def gateway(i):
    mid, body = envelope(i)
    t = time.perf_counter()
    s, r = post("http://127.0.0.1:%s/v1/messages" % low, body, low_token)
    assert s == 202, r
    # Delivered: the high side claims it and acknowledges it (claims take what is ready, so each worker acks its own).
    got = False
    for _ in range(100):
        s, r = post("http://127.0.0.1:%s/v1/inbox/claim?limit=100" % high, b"", high_token)
        for m in json.loads(r):
            post("http://127.0.0.1:%s/v1/inbox/%s/ack" % (high, m["id"]), b"", high_token)
            if m["id"] == mid:
                got = True
        s, r = post("http://127.0.0.1:%s/v1/inbox/%s/ack" % (high, mid), b"", high_token)
        if got or b'"alreadyDelivered":true' in r or b'"delivered":true' in r:
            break
        time.sleep(0.01)
    return time.perf_counter() - t


def run(fn):
    for i in range(3):  # warm-up
        fn(10_000_000 + i)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(conc) as ex:
        lat = list(ex.map(fn, range(n)))
    wall = time.perf_counter() - t0
    lat.sort()
    return n / wall, statistics.median(lat) * 1000, lat[max(0, int(len(lat) * 0.95) - 1)] * 1000, wall


srv = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=srv.serve_forever, daemon=True).start()
d = run(direct(srv.server_address[1]))
g = run(gateway)
srv.shutdown()
print("| Path | Messages | Wall (s) | Messages/s | p50 (ms) | p95 (ms) |")
print("|---|---:|---:|---:|---:|---:|")
print("| direct to the high side's receiver | %d | %.1f | %.2f | %.0f | %.0f |" % (n, d[3], d[0], d[1], d[2]))
print("| through the gateway (all checks, claimed and acknowledged on the high side) | %d | %.1f | %.2f | %.0f | %.0f |" % (n, g[3], g[0], g[1], g[2]))
print()
print("Envelope: %d bytes (PDF %d bytes, base64 in JSON). Added p95 by the gateway: **%.0f ms**; throughput %.2f vs %.2f messages/s (%.0f %%)."
      % (len(envelope(0)[1]), len(PDF), g[2] - d[2], g[0], d[0], 100 * g[0] / d[0]))
