"""Local review accounts: argon2 password hashes, roles, sign-in with lock-out.

Every sign-in attempt, success or failure, writes an audit event in the caller's transaction,
so ``authenticate`` returns an outcome instead of raising: the caller commits either way.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from screening.errors import ConflictError, NotFoundError, ReviewError
from screening.settings import Settings
from screening.store import audit
from screening.store.models import User, utcnow

ROLES = ("analyst", "evaluator", "admin")
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_hasher = PasswordHasher()   # argon2id with the library's current recommended parameters
_dummy_hash: str | None = None


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the web app and the library see it (no hash)."""

    id: int
    username: str
    role: str


@dataclass(frozen=True)
class LoginOutcome:
    ok: bool
    principal: Principal | None = None
    reason: str = ""          # bad_credentials | locked | disabled (never shown to the user)
    session_binding: str = ""  # changes when the password changes, ending old sessions


def normalize_username(name: str) -> str:
    return (name or "").strip().lower()


def check_username(name: str) -> str:
    name = normalize_username(name)
    if not _USERNAME.match(name):
        raise ReviewError(
            f"user name {name!r} is not valid: use 2-64 lower-case letters, digits, '.', '_' or '-'."
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ReviewError(f"role {role!r} is not one of {', '.join(ROLES)}.")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ReviewError(f"the password must have at least {MIN_PASSWORD_CHARS} characters.")
    if len(password) > MAX_PASSWORD_CHARS:
        raise ReviewError(f"the password must have at most {MAX_PASSWORD_CHARS} characters.")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def session_binding(password_hash: str) -> str:
    """A short fingerprint of the hash: a session carries it, so a new password ends it."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _principal(user: User) -> Principal:
    return Principal(id=user.id, username=user.username, role=user.role)


def create_user(session: Session, username: str, role: str, password: str,
                actor: str = "cli") -> Principal:
    username, role = check_username(username), check_role(role)
    check_password(password)
    if session.execute(select(User.id).where(User.username == username)).first() is not None:
        raise ConflictError(f"a user named {username!r} already exists; pick another name.")
    user = User(username=username, role=role, password_hash=hash_password(password),
                failed_logins=0, disabled=False, created_at=utcnow())
    session.add(user)
    session.flush()
    audit.record(session, actor, "admin.user_add", "user", user.id,
                 {"username": username, "role": role})
    return _principal(user)


def set_disabled(session: Session, actor: str, username: str, disabled: bool) -> Principal:
    user = session.execute(
        select(User).where(User.username == normalize_username(username))
    ).scalar_one_or_none()
    if user is None:
        raise NotFoundError(f"no user named {username!r}; see `screening users list`.")
    if disabled and user.username == actor:
        raise ReviewError("you cannot disable your own account; ask another admin.")
    user.disabled = disabled
    if not disabled:
        user.failed_logins, user.locked_until = 0, None
    audit.record(session, actor, "admin.user_disable" if disabled else "admin.user_enable",
                 "user", user.id, {"username": user.username})
    return _principal(user)


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.username)).scalars())


def load_principal(session: Session, user_id: int, binding: str) -> Principal | None:
    """The user behind a session, or None when disabled, deleted or the password changed."""
    user = session.get(User, user_id)
    if user is None or user.disabled or session_binding(user.password_hash) != binding:
        return None
    return _principal(user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(session: Session, settings: Settings, username: str, password: str,
                 now: datetime | None = None) -> LoginOutcome:
    """Check a sign-in, count failures, lock after ``max_failed_logins``; audit every attempt."""
    global _dummy_hash
    now = now or utcnow()
    name = normalize_username(username)[:100]
    password = (password or "")[:MAX_PASSWORD_CHARS]
    user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()

    if user is None:
        # Spend the same time as a real check, so response times do not reveal user names.
        _dummy_hash = _dummy_hash or _hasher.hash("timing-equalizer-not-a-password")
        _verify(_dummy_hash, password)
        audit.record(session, "anonymous", "auth.login_failed", "user", None,
                     {"username": name, "reason": "unknown_user"})
        return LoginOutcome(False, reason="bad_credentials")

    if user.locked_until is not None and user.locked_until > now:
        audit.record(session, name, "auth.login_failed", "user", user.id, {"reason": "locked"})
        return LoginOutcome(False, reason="locked")

    good = _verify(user.password_hash, password)
    if good and user.disabled:
        audit.record(session, name, "auth.login_failed", "user", user.id, {"reason": "disabled"})
        return LoginOutcome(False, reason="disabled")
    if not good:
        # Increment in SQL so that parallel attempts cannot lose a count.
        session.execute(update(User).where(User.id == user.id)
                        .values(failed_logins=User.failed_logins + 1))
        session.refresh(user)
        audit.record(session, name, "auth.login_failed", "user", user.id,
                     {"reason": "bad_password", "failures": user.failed_logins})
        if user.failed_logins >= settings.max_failed_logins:
            user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            user.failed_logins = 0
            audit.record(session, name, "auth.lockout", "user", user.id,
                         {"minutes": settings.lockout_minutes})
        return LoginOutcome(False, reason="bad_credentials")

    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    audit.record(session, name, "auth.login", "user", user.id, {"role": user.role})
    return LoginOutcome(True, _principal(user), session_binding=session_binding(user.password_hash))
