#!/usr/bin/env python3
"""phashvaapi's Stash plugin entry (raw interface; Python 3 standard library only).

Stash runs it with the task's JSON on stdin. It reads the plugin's settings from Stash, then:
- with a Service URL: relays the task to `phashvaapi serve` (POST /api/tasks, then polls it),
  passing the service's log lines and progress on to Stash;
- without one: replaces itself with Node.js running the bundled phashvaapi.mjs (same process, so
  Stash's Stop, a SIGKILL, stops the work; claims then expire with the lease).
Hooks only ask the service for a batch and return at once: Stash waits for hooks.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PLUGIN_ID = "phashvaapi"
ENTRY = "phashvaapi.mjs"
LEVELS = {"trace": "t", "debug": "d", "info": "i", "warn": "w", "warning": "w", "error": "e"}


def log(level, message):
    # Stash's plugin log protocol: \x01<level>\x02 text, one line each (pkg/logger/plugin.go).
    for line in str(message).splitlines() or [""]:
        sys.stderr.write("\x01%s\x02%s\n" % (LEVELS.get(level, "i"), line[:8000]))
    sys.stderr.flush()


def progress(fraction):
    sys.stderr.write("\x01p\x02%.4f\n" % min(1.0, max(0.0, float(fraction))))
    sys.stderr.flush()


def finish(output=None, error=None):
    sys.stdout.write(json.dumps({"output": output, "error": error}) + "\n")
    sys.stdout.flush()
    sys.exit(0)


def stash_url(conn):
    host = conn.get("Host") or "localhost"
    if host in ("0.0.0.0", "::", ""):
        host = "localhost"
    if ":" in host:
        host = "[%s]" % host
    return "%s://%s:%s" % (conn.get("Scheme") or "http", host, conn.get("Port") or 9999)


def request(url, body=None, headers=None, timeout=10.0):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req, timeout=timeout) as res:
        return json.loads(res.read().decode() or "null")


def read_settings(conn, timeout):
    cookie = (conn.get("SessionCookie") or {}).get("Value")
    headers = {"Cookie": "session=%s" % cookie} if cookie else {}
    query = '{ configuration { plugins(include: ["%s"]) } }' % PLUGIN_ID
    answer = request(stash_url(conn) + "/graphql", {"query": query}, headers, timeout)
    plugins = ((answer or {}).get("data") or {}).get("configuration", {}).get("plugins") or {}
    return plugins.get(PLUGIN_ID) or {}


def service_headers(settings):
    token = (settings.get("accessToken") or "").strip()
    return {"Authorization": "Bearer %s" % token} if token else {}


def http_error_text(err, service=True):
    if isinstance(err, urllib.error.HTTPError):
        try:
            detail = json.loads(err.read().decode()).get("error")
        except Exception:
            detail = None
        if err.code == 401 and service:
            return "the service refused the access token (HTTP 401): set Access token to the service's --access-token"
        if err.code == 401:
            return "Stash refused the plugin's session (HTTP 401)"
        return "HTTP %s%s" % (err.code, ": %s" % detail if detail else "")
    return str(getattr(err, "reason", err))


def relay(base, settings, mode, args):
    headers = service_headers(settings)
    job = request(base + "/api/tasks", {"mode": mode, "args": args}, headers)
    seen = 0
    last = -1.0
    while True:
        for line in job.get("logs") or []:
            log(line.get("level", "info"), line.get("message", ""))
        seen = job.get("next", seen)
        if job.get("progress", 0) > last:
            last = job["progress"]
            progress(last)
        if job.get("done"):
            return job.get("output"), job.get("error")
        time.sleep(0.5)
        job = request("%s/api/tasks/%s?since=%d" % (base, job["id"], seen), None, headers)


def node_command(plugin_dir):
    node = os.environ.get("PHASHVAAPI_NODE") or shutil.which("node")
    entry = os.path.join(plugin_dir, ENTRY)
    if not node or not os.access(node, os.X_OK) or not os.path.exists(entry):
        return None, "Node.js was not found on Stash's PATH" if os.path.exists(entry) else "%s is missing" % entry
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
        major = int(version.lstrip("v").split(".")[0])
    except Exception as e:
        return None, "could not run %s --version: %s" % (node, e)
    if major < 20:
        return None, "Node.js %s is too old (20 or newer is needed)" % version
    return [node, entry], None


def run_direct(raw, plugin_dir):
    command, problem = node_command(plugin_dir)
    if command is None:
        finish(error="cannot hash inside Stash: %s. Install Node.js 20+ where Stash runs, or run "
               "`phashvaapi serve` on another machine and set the plugin's Service URL." % problem)
    # Node reads the same task JSON; exec keeps the process, so Stash's Stop reaches Node.
    stdin = tempfile.TemporaryFile()
    stdin.write(raw)
    stdin.seek(0)
    os.dup2(stdin.fileno(), 0)
    os.execv(command[0], command)


def main():
    raw = sys.stdin.buffer.read()
    task = json.loads(raw or b"{}")
    conn = task.get("server_connection") or {}
    args = task.get("args") or {}
    mode = args.get("mode") or ("hook" if "hookContext" in args else "run")
    hook = mode == "hook"
    plugin_dir = conn.get("PluginDir") or os.path.dirname(os.path.abspath(__file__))
    try:
        settings = read_settings(conn, 2.0 if hook else 10.0)
    except Exception as e:
        if hook:
            log("warn", "phashvaapi hook: could not read the plugin settings: %s" % http_error_text(e, False))
            finish(output="skipped")
        log("warn", "could not read the plugin settings from Stash (%s); using defaults" % http_error_text(e, False))
        settings = {}
    base = (settings.get("serviceUrl") or "").strip().rstrip("/")
    if hook:
        scene = ((args.get("hookContext") or {}).get("id"))
        if not settings.get("hashNewScenes"):
            finish(output="hash new scenes is off")
        if not base:
            log("info", "new scene %s: no Service URL set; the next batch will hash it" % scene)
            finish(output="no service")
        try:
            job = request(base + "/api/tasks", {"mode": "hook", "args": {"sceneId": scene}}, service_headers(settings), 2.0)
            log("info", "new scene %s: %s" % (scene, job.get("output")))
            finish(output=job.get("output"))
        except Exception as e:
            log("warn", "new scene %s: the service at %s did not answer: %s" % (scene, base, http_error_text(e)))
            finish(output="service unavailable")
    if not base:
        run_direct(raw, plugin_dir)
    extra = {"sample": settings.get("verifySample")} if mode == "verify" and settings.get("verifySample") else {}
    try:
        output, error = relay(base, settings, mode, dict(args, **extra))
    except Exception as e:
        finish(error="phashvaapi service at %s: %s" % (base, http_error_text(e)))
    finish(output=output, error=error)


if __name__ == "__main__":
    main()
