"""Turns avara-fake's -request-log into avaratest/testdata's form: each
distinct request (method, path, query, body) once, in the order first sent.

    python3 requests_json.py REQUEST_LOG > OUT.json
"""

import json
import sys

seen, out = set(), []
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)
        req = {"method": r["method"], "path": r["path"]}
        if r.get("query"):
            req["query"] = r["query"]
        if "body" in r:
            req["body"] = r["body"]
        key = json.dumps(req, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(req)
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
