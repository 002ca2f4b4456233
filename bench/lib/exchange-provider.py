#!/usr/bin/env python3
"""A stand-in provider system for bench/exchange.sh: GET /personnel/people answers 20 synthetic people with five
fields (the mediator passes two). Threaded, HTTP/1.1 keep-alive, localhost only."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = json.dumps([{"id": str(i), "fullName": f"Quân nhân {i}", "rank": "Thiếu úy", "idNumber": f"0010900{i:05d}", "unit": "SD3"}
                   for i in range(20)], ensure_ascii=False).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.split("?")[0] != "/personnel/people":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
