// steady-report.js LOG: sums up the NDJSON log Steady wrote during
// scripts/test (--log-format json --log-level full).
//
// A test that breaks a request on purpose, to prove that Steady or the
// contract gate notices, marks it with the header X-Avara-Broken-On-Purpose
// (its value says why). Steady's findings on those requests are expected and
// listed as such; a finding on any other request is a problem: it means a
// request the tests meant to be valid breaks openapi.yml. The last line of
// output is the summary scripts/test puts in its verdict; the exit status is
// 1 when there are unexpected findings, 2 when the log cannot be read.
"use strict";

const fs = require("fs");

const MARK = "x-avara-broken-on-purpose";

function main(path) {
  let text;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    console.log(`steady: cannot read its log ${path}: ${e.message}`);
    return 2;
  }
  const requests = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let rec;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      continue; // a line Steady cut short as it was stopped
    }
    if (rec.type === "request" && !String(rec.request?.path).startsWith("/_x-steady/")) {
      requests.push(rec);
    }
  }

  const expected = new Map(); // "METHOD path CODE message" -> {count, why}
  const unexpected = [];
  let findings = 0;
  for (const rec of requests) {
    const diags = rec.diagnostics || [];
    if (diags.length === 0) continue;
    const { method, path: p, query = "" } = rec.request;
    const why = (rec.request.headers || {})[MARK];
    for (const d of diags) {
      findings++;
      const what = `${method} ${p}${query} → ${rec.response?.status}: ${d.code} ${d.requestPath}: ${d.message}`;
      if (why) {
        const key = `${what}  (${why})`;
        expected.set(key, (expected.get(key) || 0) + 1);
      } else {
        unexpected.push(what);
      }
    }
  }

  if (expected.size > 0) {
    console.log("steady: findings on requests the tests broke on purpose (expected):");
    for (const [key, n] of [...expected].sort()) {
      console.log(`  ok   ${key}${n > 1 ? ` ×${n}` : ""}`);
    }
  }
  if (unexpected.length > 0) {
    console.log("steady: UNEXPECTED findings, on requests meant to be valid:");
    for (const what of unexpected) console.log(`  FAIL ${what}`);
  }
  const exp = findings - unexpected.length;
  console.log(
    `Steady: ${requests.length} requests, ${exp} expected finding${exp === 1 ? "" : "s"}, ` +
      `${unexpected.length} unexpected`,
  );
  return unexpected.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
