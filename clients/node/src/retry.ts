// dossier's one retry policy (common/retry.h), for Node callers.
//
// `classify` is the table of common/retry.h: what kind of failure a status
// is. `callWithRetries` is what a client does with it: an outage (the
// service is down, draining or shedding load) is waited out with
// exponential backoff, at least as long as the server's RetryInfo asks, for
// up to `patienceMs` from the first attempt (the attempts' own time counts:
// a call gives up within `patienceMs` plus one attempt's deadline); a fluke (ABORTED, INTERNAL, UNKNOWN) is repeated up
// to `flukes` times; anything else is the request's fault and thrown at
// once.
import { Code, ConnectError } from "@connectrpc/connect";

import {
  ErrorInfoSchema,
  type RetryInfo,
  RetryInfoSchema,
} from "./gen/google/rpc/error_details_pb.js";

export type RetryClass = "outage" | "retry" | "permanent";

export interface RetryPolicy {
  /** Milliseconds of outage to wait out before giving up, from the first
   * attempt (30 000). A TLS or address mistake looks like an outage too:
   * make it small while setting up. */
  patienceMs: number;
  /** Repeats of a call that failed with ABORTED, INTERNAL or UNKNOWN (3). */
  flukes: number;
  /** The first backoff and its ceiling; each delay is jittered in
   * [ceiling/2, ceiling] and the ceiling doubles (100 ms, 10 s). */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  patienceMs: 30_000,
  flukes: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 10_000,
};

/** The class of a failed call, as common/retry.h decides it. */
export function classify(code: Code, message = "", retryDelayMs: number | null = null): RetryClass {
  switch (code) {
    case Code.Unavailable:
    case Code.DeadlineExceeded:
    case Code.Canceled:
      return "outage";
    case Code.ResourceExhausted:
      if (retryDelayMs !== null) return "outage"; // load shed (OUTBOX_FULL)
      if (/message larger than max/i.test(message)) return "permanent"; // never fits
      return "outage";
    case Code.Aborted:
    case Code.Internal:
    case Code.Unknown:
      return "retry";
    default:
      return "permanent";
  }
}

/** The delay (milliseconds) a RetryInfo asks for. */
export function retryInfoDelayMs(info: RetryInfo): number {
  const delay = info.retryDelay;
  return delay ? Number(delay.seconds) * 1000 + delay.nanos / 1e6 : 0;
}

/** The RetryInfo delay (milliseconds) of a failed call, else null. */
export function retryDelayMs(error: ConnectError): number | null {
  const [info] = error.findDetails(RetryInfoSchema);
  return info ? retryInfoDelayMs(info) : null;
}

/** The ErrorInfo reason of a failed call ("OUTBOX_FULL"), else "". */
export function errorReason(error: ConnectError): string {
  const [info] = error.findDetails(ErrorInfoSchema);
  return info ? info.reason : "";
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** fn() until it answers; a permanent error, or one past the policy's
 * patience or flukes, is thrown (a ConnectError). The outage waited is the
 * time since the first attempt (the attempts' own time counts), or the
 * time slept if more (a `wait` that does not wait, in tests). */
export async function callWithRetries<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = defaultRetryPolicy,
  wait: (ms: number) => Promise<void> = sleep,
  clock: () => number = () => performance.now(),
): Promise<T> {
  const start = clock();
  let slept = 0;
  let ceiling = policy.initialBackoffMs;
  let tries = 0;
  for (;;) {
    try {
      return await fn();
    } catch (thrown) {
      const error = ConnectError.from(thrown);
      const waited = Math.max(slept, clock() - start);
      const asked = retryDelayMs(error);
      const kind = classify(error.code, error.rawMessage, asked);
      if (kind === "retry") tries += 1;
      if (kind === "permanent" || (kind === "retry" && tries > policy.flukes) ||
          (kind === "outage" && waited >= policy.patienceMs)) {
        throw error;
      }
      let delay = Math.max(asked ?? 0, ceiling * (0.5 + Math.random() / 2));
      if (kind === "outage") delay = Math.min(delay, Math.max(policy.patienceMs - waited, 0));
      ceiling = Math.min(ceiling * 2, policy.maxBackoffMs);
      await wait(delay);
      slept += delay;
    }
  }
}
