"""A small fake of the Reddit API over real HTTP on 127.0.0.1, for real PRAW to talk to.

Serves the endpoints PRAW uses here: ``POST /api/v1/access_token`` (application-only OAuth),
``GET /r/<sub>/new`` and ``/r/<sub>/comments`` (newest first, ``limit``/``after`` paging) and
``GET /api/info/?id=...``. Switches: ``fail_next`` (statuses to answer before the next
listing succeeds, e.g. ``[429]``), ``malformed`` (one broken item in the first page),
``deleted`` / ``removed`` (fullnames to show as deleted by the author / removed by mods).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret"


def post(sub: str, id_: str, created: float, title: str, body: str = "", author: str = "someone") -> dict:
    return {"kind": "t3", "data": {
        "id": id_, "name": f"t3_{id_}", "subreddit": sub, "title": title, "selftext": body,
        "author": author, "created_utc": created, "permalink": f"/r/{sub}/comments/{id_}/x/",
        "removed_by_category": None}}


def comment(sub: str, id_: str, created: float, body: str, link: str, author: str = "someone") -> dict:
    return {"kind": "t1", "data": {
        "id": id_, "name": f"t1_{id_}", "subreddit": sub, "body": body, "author": author,
        "created_utc": created, "link_id": f"t3_{link}", "parent_id": f"t3_{link}",
        "permalink": f"/r/{sub}/comments/{link}/x/{id_}/"}}


class FakeReddit:
    def __init__(self, page_size: int = 2):
        self.page_size = page_size       # small pages so paging is exercised
        self.items: dict[str, list[dict]] = {}   # "r/<sub>/new" -> newest first
        self.fail_next: list[int] = []
        self.malformed = False
        self.deleted: set[str] = set()
        self.removed: set[str] = set()
        self.requests: list[tuple[str, str, int]] = []   # (method, path, status)
        self.auth_headers: list[str] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ---- content ------------------------------------------------------------------------
    def add(self, thing: dict) -> None:
        sub = thing["data"]["subreddit"]
        key = f"r/{sub}/new" if thing["kind"] == "t3" else f"r/{sub}/comments"
        self.items.setdefault(key, []).append(thing)
        self.items[key].sort(key=lambda t: -t["data"]["created_utc"])

    def _view(self, thing: dict) -> dict:
        d = dict(thing["data"])
        name = d["name"]
        field = "body" if thing["kind"] == "t1" else "selftext"
        if name in self.deleted:
            d.update({field: "[deleted]", "author": "[deleted]"})
            if thing["kind"] == "t3":
                d["removed_by_category"] = "deleted"
        elif name in self.removed:
            d[field] = "[removed]"
            if thing["kind"] == "t3":
                d["removed_by_category"] = "moderator"
        return {"kind": thing["kind"], "data": d}

    def settings_env(self) -> dict[str, str]:
        return {"SCREENING_REDDIT_CLIENT_ID": CLIENT_ID,
                "SCREENING_REDDIT_CLIENT_SECRET": CLIENT_SECRET,
                "SCREENING_REDDIT_OAUTH_URL": self.url,
                "SCREENING_REDDIT_REDDIT_URL": self.url,
                "SCREENING_REDDIT_SHORT_URL": self.url}

    def settings_overrides(self) -> dict[str, str]:
        return {k.removeprefix("SCREENING_").lower(): v for k, v in self.settings_env().items()}

    def count(self, path_prefix: str) -> int:
        return sum(1 for _m, p, _s in self.requests if p.startswith(path_prefix))

    # ---- HTTP ---------------------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):   # keep test output quiet
                pass

            def _send(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(body)
                fake.requests.append((self.command, urlparse(self.path).path, status))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if urlparse(self.path).path == "/api/v1/access_token":
                    fake.auth_headers.append(self.headers.get("Authorization", ""))
                    return self._send(200, {"access_token": "fake-token", "token_type": "bearer",
                                            "expires_in": 3600, "scope": "*"})
                return self._send(404, {"error": 404})

            def do_GET(self):
                url = urlparse(self.path)
                path = url.path.strip("/")
                q = parse_qs(url.query)
                with fake._lock:
                    if path == "api/info":
                        names = q.get("id", [""])[0].split(",")
                        by_name = {t["data"]["name"]: t for lst in fake.items.values() for t in lst}
                        children = [fake._view(by_name[n]) for n in names if n in by_name]
                        return self._send(200, {"kind": "Listing", "data": {
                            "after": None, "before": None, "children": children}})
                    if path in fake.items or path.endswith(("/new", "/comments")):
                        if fake.fail_next:
                            return self._send(fake.fail_next.pop(0), {"message": "Too Many Requests",
                                                                      "error": 429})
                        items = [fake._view(t) for t in fake.items.get(path, [])]
                        after = q.get("after", [None])[0]
                        start = 0
                        if after:
                            names = [t["data"]["name"] for t in items]
                            start = names.index(after) + 1 if after in names else len(items)
                        page = items[start:start + fake.page_size]
                        children = list(page)
                        if fake.malformed and start == 0 and children:
                            children.insert(1, {"kind": "t3", "data": {"title": "no id or time"}})
                        next_after = page[-1]["data"]["name"] if start + fake.page_size < len(items) else None
                        return self._send(200, {"kind": "Listing", "data": {
                            "after": next_after, "before": None, "children": children}})
                return self._send(404, {"error": 404, "message": "Not Found"})

        return Handler

    def __enter__(self) -> FakeReddit:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


def now() -> float:
    return time.time()
