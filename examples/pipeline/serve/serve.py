"""The pipeline example's model server: POST /predict with a customer as JSON, get the churn
probability back; GET /metrics for Prometheus. Standard library only (the image stays small).

    python3 serve/serve.py --model model/model.json --port 8080 --track canary
"""

import argparse
import json
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PLANS = ["standard", "premium"]
NUMERIC = ["tenure_months", "monthly_spend", "support_tickets"]


class Model:
    def __init__(self, path):
        spec = json.load(open(path))
        self.w, self.mean, self.std = spec["weights"], spec["mean"], spec["std"]

    def predict(self, customer):
        x = [1.0] + [(float(customer[c]) - m) / s for c, m, s in zip(NUMERIC, self.mean, self.std)]
        x += [1.0 if customer.get("plan") == p else 0.0 for p in PLANS]
        return 1 / (1 + math.exp(-sum(a * b for a, b in zip(self.w, x))))


def handler(model, track):
    lock = threading.Lock()
    counts, duration = {}, [0.0, 0]  # requests by status code; latency sum (s) and count

    class Handler(BaseHTTPRequestHandler):
        def reply(self, code, body, kind="application/json"):
            self.send_response(code)
            self.send_header("content-type", kind)
            self.end_headers()
            self.wfile.write(body.encode())

        def do_POST(self):
            start = time.perf_counter()
            try:
                customer = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
                code, body = 200, json.dumps({"churn_probability": model.predict(customer)})
            except (ValueError, KeyError, TypeError) as e:
                code, body = 400, json.dumps({"error": str(e)})
            self.reply(code, body)
            with lock:
                counts[code] = counts.get(code, 0) + 1
                duration[0] += time.perf_counter() - start
                duration[1] += 1

        def do_GET(self):
            if self.path != "/metrics":
                return self.reply(404, "{}")
            with lock:
                lines = [f'churn_requests_total{{track="{track}",code="{c}"}} {n}' for c, n in counts.items()]
                lines += [f'churn_request_duration_seconds_sum{{track="{track}"}} {duration[0]}',
                          f'churn_request_duration_seconds_count{{track="{track}"}} {duration[1]}']
            self.reply(200, "\n".join(lines) + "\n", "text/plain; version=0.0.4")

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="model/model.json")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--track", default="baseline", choices=["baseline", "canary"])
    a = p.parse_args()
    ThreadingHTTPServer(("0.0.0.0", a.port), handler(Model(a.model), a.track)).serve_forever()


if __name__ == "__main__":
    main()
