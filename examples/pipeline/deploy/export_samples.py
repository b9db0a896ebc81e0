"""Exports one track's serving samples from Prometheus as the canary gate's CSV.

    python3 deploy/export_samples.py --url http://prometheus:9090 --track canary \
        --start 1700000000 --end 1700001800 [--step 60] > canary/canary.csv

One row per step: latency_ms (the mean request latency in the step), errors and requests (counts
in the step), from the model server's `churn_request_duration_seconds` histogram and
`churn_requests_total{code}` counter, labelled `track="baseline"|"canary"`. Standard library only.
"""

import argparse
import json
import sys
import urllib.parse
import urllib.request

QUERIES = {
    "latency_ms": 'sum(rate(churn_request_duration_seconds_sum{{track="{t}"}}[{s}s])) * 1000'
    ' / sum(rate(churn_request_duration_seconds_count{{track="{t}"}}[{s}s]))',
    "errors": 'sum(increase(churn_requests_total{{track="{t}",code=~"5.."}}[{s}s]))',
    "requests": 'sum(increase(churn_requests_total{{track="{t}"}}[{s}s]))',
}


def query_range(url, query, start, end, step):
    params = urllib.parse.urlencode({"query": query, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(f"{url.rstrip('/')}/api/v1/query_range?{params}", timeout=60) as r:
        body = json.load(r)
    if body.get("status") != "success":
        sys.exit(f"error: Prometheus answered {body.get('errorType')}: {body.get('error')}")
    result = body["data"]["result"]
    return {float(t): v for t, v in result[0]["values"]} if result else {}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True)
    p.add_argument("--track", required=True, choices=["baseline", "canary"])
    p.add_argument("--start", required=True, type=float)
    p.add_argument("--end", required=True, type=float)
    p.add_argument("--step", type=int, default=60)
    a = p.parse_args()
    series = {name: query_range(a.url, q.format(t=a.track, s=a.step), a.start, a.end, a.step) for name, q in QUERIES.items()}
    print(",".join(QUERIES))
    for t in sorted(series["requests"]):
        # A step without requests has no latency: its cell stays empty (the gate skips empty cells).
        row = [series[name].get(t, "") for name in QUERIES]
        print(",".join("" if v in ("", "NaN") else v for v in row))


if __name__ == "__main__":
    main()
