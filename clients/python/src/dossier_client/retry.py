"""dossier's one retry policy (common/retry.h), for Python callers.

`classify` is the table of common/retry.h: what kind of failure a status
is. `RetryPolicy.call` is what a client does with it: an outage (the
service is down, draining or shedding load) is waited out with exponential
backoff, at least as long as the server's RetryInfo asks, for up to
`patience` seconds from the first attempt (the attempts' own time counts:
a call gives up within `patience` plus one attempt's deadline); a fluke (ABORTED, INTERNAL, UNKNOWN) is repeated up to
`flukes` times; anything else is the request's fault and raised at once.
"""
from __future__ import annotations

import dataclasses
import random
import time
from typing import Any, Callable, Optional, TypeVar

import grpc

from dossier_client.google.rpc import error_details_pb2, status_pb2

OUTAGE = "outage"
RETRY = "retry"
PERMANENT = "permanent"

T = TypeVar("T")


def classify(code: Any, details: str = "", retry_delay: Optional[float] = None) -> str:
    """The class of a failed call (a grpc.StatusCode), as common/retry.h
    decides it: OUTAGE, RETRY or PERMANENT."""
    codes = grpc.StatusCode
    if code in (codes.UNAVAILABLE, codes.DEADLINE_EXCEEDED, codes.CANCELLED):
        return OUTAGE
    if code == codes.RESOURCE_EXHAUSTED:
        if retry_delay is not None:
            return OUTAGE  # load shed (OUTBOX_FULL): come back later
        if "message larger than max" in (details or "").lower():
            return PERMANENT  # never fits, however long one waits
        return OUTAGE
    if code in (codes.ABORTED, codes.INTERNAL, codes.UNKNOWN):
        return RETRY
    return PERMANENT


def status_details(error: Any) -> Optional[status_pb2.Status]:
    """The google.rpc.Status a failed call carries (its details), else None."""
    metadata = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    for key, value in metadata or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    return None


def status_retry_delay(status: Optional[status_pb2.Status]) -> Optional[float]:
    """The RetryInfo delay (seconds) a google.rpc.Status carries, else None."""
    for detail in status.details if status else ():
        info = error_details_pb2.RetryInfo()
        if detail.Unpack(info):
            return float(info.retry_delay.ToTimedelta().total_seconds())
    return None


def retry_delay(error: Any) -> Optional[float]:
    """The RetryInfo delay (seconds) of a failed call, else None."""
    return status_retry_delay(status_details(error))


def error_reason(error: Any) -> str:
    """The ErrorInfo reason of a failed call ("OUTBOX_FULL"), else ""."""
    status = status_details(error)
    for detail in status.details if status else ():
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    return ""


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How long a Client keeps calling. RetryPolicy(patience=0, flukes=0)
    calls once."""

    # Seconds of outage to wait out before giving up, from the first
    # attempt (a TLS or address mistake looks like an outage too: make it
    # small while setting up).
    patience: float = 30.0
    # Repeats of a call that failed with ABORTED, INTERNAL or UNKNOWN.
    flukes: int = 3
    # The first backoff and its ceiling, seconds; each delay is jittered in
    # [ceiling/2, ceiling] and the ceiling doubles.
    initial_backoff: float = 0.1
    max_backoff: float = 10.0

    def call(self, fn: Callable[[], T], sleep: Callable[[float], None] = time.sleep,
             clock: Callable[[], float] = time.monotonic) -> T:
        """fn() until it answers; a permanent error, or one past the
        policy's patience or flukes, is raised (a grpc.RpcError). The
        outage waited is the time since the first attempt, or the time
        slept if more (a `sleep` that does not sleep, in tests)."""
        start, slept, ceiling, tries = clock(), 0.0, self.initial_backoff, 0
        while True:
            try:
                return fn()
            except grpc.RpcError as error:
                waited = max(slept, clock() - start)
                asked = retry_delay(error)
                kind = classify(error.code(), error.details() or "", asked)
                if kind == RETRY:
                    tries += 1
                if (kind == PERMANENT or (kind == RETRY and tries > self.flukes) or
                        (kind == OUTAGE and waited >= self.patience)):
                    raise
                delay = max(asked or 0.0, ceiling * random.uniform(0.5, 1.0))
                if kind == OUTAGE:
                    delay = min(delay, max(self.patience - waited, 0.0))
                ceiling = min(ceiling * 2, self.max_backoff)
                sleep(delay)
                slept += delay
