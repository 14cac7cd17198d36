"""Reddit through PRAW: new posts and comments of configured subreddits, incrementally.

Budget: Reddit's free tier allows 100 queries a minute; every HTTP request PRAW makes goes
through a sliding-window limiter set below that. 429 and 5xx answers are retried with
exponential backoff. Credentials come from settings (or an Airflow connection, turned into
settings by the DAG layer) and are never logged.

Listings are read raw (``reddit.request``) rather than as PRAW objects so that one malformed
item is quarantined on its own instead of failing its whole page.
"""

from __future__ import annotations

import logging
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from screening.errors import ConfigError, SourceError
from screening.ingest.sources.base import FetchWindow, ParseFailure, Source, register
from screening.settings import Settings
from screening.types import ConsentBasis, IncomingDocument

log = logging.getLogger(__name__)
T = TypeVar("T")

DELETED_MARKERS = {"[deleted]": "deleted_upstream", "[removed]": "removed_upstream"}
# removed_by_category values that mean the author deleted it; any other value is a removal
AUTHOR_DELETIONS = {"deleted", "author"}
PAGE_SIZE = 100


class RateLimiter:
    """At most ``per_minute`` calls in any 60-second window (sliding window)."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, window: float = 60.0):
        if per_minute < 1:
            raise ConfigError("reddit_requests_per_minute must be at least 1")
        self.per_minute = per_minute
        self.window = window
        self._clock, self._sleep = clock, sleep
        self._calls: deque[float] = deque()
        self.waited = 0.0

    def acquire(self) -> None:
        now = self._clock()
        while self._calls and now - self._calls[0] >= self.window:
            self._calls.popleft()
        if len(self._calls) >= self.per_minute:
            wait = self.window - (now - self._calls[0])
            if wait > 0:
                self.waited += wait
                self._sleep(wait)
            now = self._clock()
            self._calls.popleft()
        self._calls.append(now)


def with_backoff(fn: Callable[[], T], *, retries: int, base: float, cap: float,
                 what: str, sleep: Callable[[float], None] = time.sleep) -> T:
    """Call ``fn``; on 429, 5xx or a connection error wait base*2^attempt (+ jitter), retry."""
    import prawcore

    attempt = 0
    while True:
        try:
            return fn()
        except prawcore.TooManyRequests as exc:
            err: Exception = exc
            hint = float(exc.retry_after) if exc.retry_after else 0.0
        except (prawcore.ServerError, prawcore.RequestException) as exc:
            err, hint = exc, 0.0
        except prawcore.ResponseException as exc:   # other 4xx: our request is wrong, do not retry
            raise SourceError(f"reddit answered {exc.response.status_code} to {what}; "
                              "check the subreddit names and the app's permissions") from None
        except prawcore.OAuthException as exc:
            raise SourceError(f"reddit refused the credentials while {what} ({exc.error}); "
                              "check SCREENING_REDDIT_CLIENT_ID / _SECRET or the Airflow connection") from None
        if attempt >= retries:
            raise SourceError(f"reddit still failing after {retries} retries while {what}: "
                              f"{type(err).__name__}") from err
        delay = min(cap, max(hint, base * (2 ** attempt)) * (1 + 0.1 * random.random()))
        log.warning("reddit %s while %s; retry %d/%d in %.2fs", type(err).__name__, what,
                    attempt + 1, retries, delay)
        sleep(delay)
        attempt += 1


def make_client(settings: Settings, limiter: RateLimiter, *, timeout: int = 30):
    """A read-only (application-only OAuth) PRAW client whose every request is rate limited."""
    import praw
    import prawcore

    class LimitedRequestor(prawcore.Requestor):
        def request(self, *args: Any, **kwargs: Any):
            limiter.acquire()
            return super().request(*args, **kwargs)

    urls = {k: v for k, v in (("oauth_url", settings.reddit_oauth_url),
                              ("reddit_url", settings.reddit_reddit_url),
                              ("short_url", settings.reddit_short_url)) if v}
    # unset credentials are left to PRAW, which then reads praw_client_id / praw_client_secret
    creds = {k: v.get_secret_value() for k, v in (("client_id", settings.reddit_client_id),
                                                  ("client_secret", settings.reddit_client_secret)) if v}
    try:
        return praw.Reddit(
            user_agent=settings.reddit_user_agent,
            check_for_updates=False,
            check_for_async=False,
            timeout=timeout,
            requestor_class=LimitedRequestor,
            **creds,
            **urls,
        )
    except praw.exceptions.MissingRequiredAttributeException:
        raise ConfigError("reddit credentials are not set: set SCREENING_REDDIT_CLIENT_ID and "
                          "SCREENING_REDDIT_CLIENT_SECRET (or praw_client_id / praw_client_secret, "
                          "or the Airflow connection for the DAG)") from None


def upstream_state(data: dict[str, Any]) -> str | None:
    """``deleted_upstream`` / ``removed_upstream`` if Reddit no longer shows the text, else None."""
    category = data.get("removed_by_category")
    if category:
        return "deleted_upstream" if category in AUTHOR_DELETIONS else "removed_upstream"
    for key in ("body", "selftext"):
        marker = DELETED_MARKERS.get(str(data.get(key) or "").strip())
        if marker:
            return marker
    if data.get("author") in (None, "[deleted]") and not (data.get("body") or data.get("selftext")):
        return "deleted_upstream"
    return None


@register
class RedditSource(Source):
    kind = "reddit"
    version = "1.0"
    consent_basis = ConsentBasis.PUBLIC_POST.value

    def check_options(self) -> None:
        subs = self.option("subreddits", types=list)
        if not subs or not all(isinstance(s, str) and s.strip() for s in subs):
            raise ConfigError(f"source {self.name!r} (reddit): subreddits must be a non-empty list of names")
        self.option("airflow_conn_id", "screening_reddit", str)   # read by the DAG layer
        self.option("airflow_pool", None, str)
        for key in ("include_posts", "include_comments", "purge_missing"):
            self.option(key, True, bool)
        for key in ("max_items", "max_retries", "overlap_seconds"):
            self.option(key, 0, int)
        for key in ("backoff_base_seconds", "backoff_max_seconds"):
            self.option(key, 0.0, (int, float))
        self.subreddits = [s.strip().removeprefix("r/") for s in subs]
        self.max_items = self.option("max_items", 1000)              # Reddit keeps ~1000 per listing
        self.overlap = self.option("overlap_seconds", 300)             # late-indexed items
        self.retries = self.option("max_retries", 5)
        self.backoff_base = float(self.option("backoff_base_seconds", 2.0))
        self.backoff_cap = float(self.option("backoff_max_seconds", 120.0))
        self.limiter = RateLimiter(min(self.settings.reddit_requests_per_minute, 100))
        self.skipped_deleted = 0
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = make_client(self.settings, self.limiter)
        return self._client

    def call(self, fn: Callable[[], T], what: str) -> T:
        return with_backoff(fn, retries=self.retries, base=self.backoff_base, cap=self.backoff_cap,
                            what=what)

    # ---- fetching ----------------------------------------------------------------------
    def fetch(self, window: FetchWindow) -> Iterator[IncomingDocument | Exception]:
        lower: float | None = None
        if window.watermark:
            lower = float(window.watermark) - self.overlap
            if window.start is not None:
                lower = min(lower, window.start.timestamp())
        upper = window.end.timestamp() if window.end is not None else None
        newest = float(window.watermark) if window.watermark else None
        listings = []
        for sub in self.subreddits:
            if self.option("include_posts", True):
                listings.append(f"r/{sub}/new")
            if self.option("include_comments", True):
                listings.append(f"r/{sub}/comments")
        for path in listings:
            for item in self._read_listing(path, lower, upper):
                if isinstance(item, IncomingDocument):
                    created = item.extra["created_utc"]
                    newest = created if newest is None else max(newest, created)
                yield item
        self.new_watermark = None if newest is None else repr(float(newest))

    def _read_listing(self, path: str, lower: float | None,
                      upper: float | None) -> Iterator[IncomingDocument | Exception]:
        after: str | None = None
        read = 0
        while read < self.max_items:
            params: dict[str, Any] = {"limit": PAGE_SIZE, "raw_json": 1}
            if after:
                params["after"] = after
            page = self.call(lambda p=params: self.client.request(method="GET", path=path, params=p),
                             f"reading {path}")
            data = page.get("data") if isinstance(page, dict) else None
            children = data.get("children") if isinstance(data, dict) else None
            if not isinstance(children, list):
                raise SourceError(f"reddit returned something other than a listing for {path}")
            if not children:
                return
            reached_old = False
            for child in children:
                read += 1
                try:
                    doc = self.to_document(child)
                except ParseFailure as exc:
                    yield exc
                    continue
                if doc is None:
                    continue
                created = doc.extra["created_utc"]
                if lower is not None and created <= lower:
                    reached_old = True   # listings are newest first: the rest is older
                    break
                if upper is not None and created >= upper:
                    continue             # belongs to a later data interval
                yield doc
            after = data.get("after")
            if reached_old or not after:
                return

    def to_document(self, child: Any) -> IncomingDocument | None:
        """One listing child as a document; None for items already deleted upstream."""
        if not isinstance(child, dict) or child.get("kind") not in ("t1", "t3") \
                or not isinstance(child.get("data"), dict):
            raise ParseFailure("malformed", "reddit item is not a t1/t3 thing with data", child)
        kind, d = child["kind"], child["data"]
        item_id = d.get("id")
        created = d.get("created_utc")
        if not isinstance(item_id, str) or not item_id or isinstance(created, bool) \
                or not isinstance(created, (int, float)):
            raise ParseFailure("malformed", "reddit item lacks an id or a numeric created_utc", child)
        if upstream_state(d):
            self.skipped_deleted += 1
            return None
        fullname = d.get("name") or f"{kind}_{item_id}"
        if kind == "t3":
            title, body = d.get("title"), d.get("selftext") or ""
            text = f"{title}\n\n{body}".strip() if isinstance(title, str) else None
            thread = fullname
        else:
            title, text, thread = None, d.get("body"), d.get("link_id")
        permalink = d.get("permalink")
        author = d.get("author")
        return IncomingDocument(
            source=self.name,
            external_id=fullname,
            text=text if isinstance(text, str) else None,
            consent_basis=self.consent_basis,
            url=f"https://www.reddit.com{permalink}" if isinstance(permalink, str) else None,
            author=None if author in (None, "[deleted]") else str(author),
            title=title if isinstance(title, str) else None,
            thread_id=thread,
            posted_at=float(created),
            extra={"created_utc": float(created), "subreddit": d.get("subreddit"), "kind": kind},
            raw=child,
        )

    # ---- deletion sync -----------------------------------------------------------------
    def upstream_states(self, fullnames: list[str]) -> dict[str, str | None]:
        """For each fullname: None if still visible, else why it is gone.

        Items Reddit no longer returns at all (private or banned community, purged account)
        count as ``unavailable_upstream`` when the ``purge_missing`` option is on.
        """
        out: dict[str, str | None] = {}
        for start in range(0, len(fullnames), PAGE_SIZE):
            chunk = fullnames[start:start + PAGE_SIZE]
            things = self.call(lambda c=chunk: list(self.client.info(fullnames=c)),
                               f"re-checking {len(chunk)} items")
            for thing in things:
                data = {k: v for k, v in vars(thing).items() if not k.startswith("_")}
                if "author" in data and data["author"] is not None:
                    data["author"] = str(data["author"])
                out[thing.fullname] = upstream_state(data)
            if self.option("purge_missing", True):
                for name in chunk:
                    out.setdefault(name, "unavailable_upstream")
        return out
