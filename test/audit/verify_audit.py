#!/usr/bin/env python3
"""An independent verifier for iddio audit logs, written from SPEC §8 and docs/audit-log.md
alone (Python 3 standard library only), so the suite can check that iddio's own `audit verify`
agrees with a second implementation.

    python3 verify_audit.py LOG            # LOG plus its rotated files LOG.YYYY-MM-DD.NNNNNNNNNNNN

Prints one JSON document: {"ok", "events", "file", "line", "reason"}; exits 0 when intact, 1 not.
"""
import hashlib, json, os, re, sys
from decimal import Decimal

GENESIS = "0" * 64
HEX64 = re.compile(r"^[0-9a-f]{64}$")
TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def es_number(x):
    """ECMAScript Number-to-String, which RFC 8785 uses for numbers."""
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("non-finite number")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    _, digits, exp = Decimal(repr(abs(float(x)))).normalize().as_tuple()
    d = "".join(map(str, digits))
    k, n = len(d), exp + len(d)
    if k <= n <= 21:
        s = d + "0" * (n - k)
    elif 0 < n <= 21:
        s = d[:n] + "." + d[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * -n + d
    else:
        e = n - 1
        s = (d[0] + ("." + d[1:] if k > 1 else "")) + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + s


def jcs(v):
    """RFC 8785 canonical JSON."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v) if abs(v) <= 2**53 else es_number(float(v))  # JSON numbers are doubles
    if isinstance(v, float):
        return es_number(v)
    if isinstance(v, str):
        s = json.dumps(v, ensure_ascii=False)
        return re.sub("[\ud800-\udfff]", lambda m: "\\u%04x" % ord(m.group()), s)
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    keys = sorted(v, key=lambda k: k.encode("utf-16-be"))  # UTF-16 code unit order
    return "{" + ",".join(jcs(k) + ":" + jcs(v[k]) for k in keys) + "}"


def is_int(x, lo=None, hi=None):
    ok = isinstance(x, int) and not isinstance(x, bool) and abs(x) <= 2**53 - 1
    return ok and (lo is None or x >= lo) and (hi is None or x <= hi)


STR = lambda x: isinstance(x, str)
STRS = lambda x: isinstance(x, list) and all(isinstance(i, str) for i in x)
REQUIRED = {
    "seq": lambda x: is_int(x, 0),
    "ts": lambda x: isinstance(x, str) and TS.match(x),
    "stage": lambda x: x in ("escalated", "decided", "completed", "admin"),
    "request_id": lambda x: isinstance(x, str) and x != "",
    "prev_hash": lambda x: isinstance(x, str) and HEX64.match(x),
    "hash": lambda x: isinstance(x, str) and HEX64.match(x),
}
API = lambda r: isinstance(r, dict) and STR(r.get("method")) and STR(r.get("path")) and is_int(r.get("status")) and STR(r.get("audit_id")) \
    and all(is_int(r[k], 0) for k in ("bytes_to_cluster", "bytes_to_client") if k in r)
OPTIONAL = {
    **{k: STR for k in "agent session os_user host context cluster verb resource group subresource namespace tier_label rule reason approved_by approval_channel recording".split()},
    "identity": lambda x: x in ("token", "declared", "detected", "none"),
    "argv": STRS, "names": STRS,
    "tier": lambda x: is_int(x, 0, 4),
    "decision": lambda x: x in ("allow", "deny", "escalate"),
    "outcome": lambda x: x in ("approved", "declined", "timed_out", "interrupted", "rejected", "error"),
    "approval_latency_ms": lambda x: is_int(x, 0), "duration_ms": lambda x: is_int(x, 0), "exit_code": is_int,
    "api_requests": lambda x: isinstance(x, list) and all(API(r) for r in x),
    "output_sha256": lambda x: isinstance(x, str) and HEX64.match(x),
}


def no_constants(name):
    raise ValueError("not JSON: " + name)


def check_event(raw):
    """Returns (event, None) or (None, reason) for one line's bytes (without the newline)."""
    try:
        text = raw.decode("utf-8")
        ev = json.loads(text, parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError) as e:
        return None, "malformed: %s" % e
    if not isinstance(ev, dict):
        return None, "malformed: not an object"
    if "v" not in ev:
        return None, "field: v missing"
    if not (is_int(ev["v"]) and ev["v"] == 1):
        return None, "version: %r" % (ev["v"],)
    for k, ok in REQUIRED.items():
        if k not in ev or not ok(ev[k]):
            return None, "field: %s" % k
    for k, ok in OPTIONAL.items():
        if k in ev and not ok(ev[k]):
            return None, "field: %s" % k
    try:
        if jcs(ev) != text:
            return None, "edited: not canonical JSON"
        body = {k: x for k, x in ev.items() if k != "hash"}
        digest = hashlib.sha256(jcs(body).encode("utf-8")).hexdigest()
    except (ValueError, UnicodeEncodeError) as e:
        return None, "malformed: %s" % e
    if digest != ev["hash"]:
        return None, "edited: hash mismatch"
    return ev, None


def log_files(log):
    folder, base = os.path.split(os.path.abspath(log))
    pattern = re.compile(re.escape(base) + r"\.\d{4}-\d{2}-\d{2}\.(\d{12,})$")
    rotated = sorted((int(m.group(1)), n) for n in os.listdir(folder or ".") if (m := pattern.match(n)))
    files = [os.path.join(folder, n) for _, n in rotated]
    return files + ([os.path.abspath(log)] if os.path.exists(log) else [])


def verify(log):
    expected, prev, events = 0, GENESIS, 0
    files = log_files(log)
    if not files:
        return {"ok": False, "events": 0, "file": log, "line": 0, "reason": "missing"}
    for path in files:
        with open(path, "rb") as f:
            for number, raw in enumerate(f, 1):
                fail = lambda why: {"ok": False, "events": events, "file": path, "line": number, "reason": why}
                if not raw.endswith(b"\n"):
                    return fail("incomplete final line")
                ev, why = check_event(raw[:-1])
                if why:
                    return fail(why)
                if ev["seq"] != expected or ev["prev_hash"] != prev:
                    return fail("chain: expected seq %d after %s…, found seq %d" % (expected, prev[:12], ev["seq"]))
                expected, prev, events = expected + 1, ev["hash"], events + 1
    return {"ok": True, "events": events, "file": None, "line": None, "reason": None}


if __name__ == "__main__":
    result = verify(sys.argv[1])
    print(json.dumps(result))
    sys.exit(0 if result["ok"] else 1)
