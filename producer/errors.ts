/** Per-entry and whole-request error names that mean "slow down". */
const THROTTLE_NAMES = new Set([
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "KMSThrottlingException",
    "LimitExceededException",
    "SlowDown",
]);

/** Request errors worth retrying: throttling, server faults and network trouble. */
const TRANSIENT_NAMES = new Set([
    "InternalFailure",
    "InternalFailureException",
    "InternalServerError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "RequestTimeout",
    "RequestTimeoutException",
    "TimeoutError",
]);

const TRANSIENT_NETWORK_CODES = new Set([
    "ECONNREFUSED",
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "ENOTFOUND",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ECONNABORTED",
]);

/**
 * Network failures that happen before the request is on the wire: nothing was
 * sent, so the stream cannot hold the records.
 */
const NOT_SENT_NETWORK_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH"]);

/** The HTTP handler's wording for a connection that never opened (its connectionTimeout). */
const NO_CONNECTION_MESSAGE = "did not establish a connection";

interface ErrorLike {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
    return typeof error === "object" && error !== null ? (error as ErrorLike) : {};
}

/** A short, stable label for counting errors by kind. */
export function errorName(error: unknown): string {
    const e = asErrorLike(error);
    return e.code && TRANSIENT_NETWORK_CODES.has(e.code) ? e.code : (e.name ?? "Error");
}

export function isThrottle(nameOrError: unknown): boolean {
    const name = typeof nameOrError === "string" ? nameOrError : asErrorLike(nameOrError).name;
    return name !== undefined && THROTTLE_NAMES.has(name);
}

/** Whether a failed PutRecords call may succeed if sent again. */
export function isRetryable(error: unknown): boolean {
    const e = asErrorLike(error);
    if (isThrottle(error)) return true;
    if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
    if (e.code && TRANSIENT_NETWORK_CODES.has(e.code)) return true;
    if (e.$retryable) return true;
    const status = e.$metadata?.httpStatusCode;
    return status !== undefined && status >= 500;
}

export function errorMessage(error: unknown): string {
    if (error instanceof Error) return `${errorName(error)}: ${error.message}`;
    return String(error);
}

/**
 * Whether a PutRecords call that failed with `error` may still have written
 * its records: the request may have reached the stream and no answer came
 * back (a request timeout, a connection reset or closed mid-call, an answer
 * that could not be read). Such records are "unknown", not "failed": sending
 * them again can put them on the stream twice. An error answer from the
 * stream, a connection that never opened and an error raised before sending
 * (no region, no credentials) all mean nothing was written.
 */
export function mayHaveBeenWritten(error: unknown): boolean {
    const e = asErrorLike(error);
    const status = e.$metadata?.httpStatusCode;
    // The stream answered: an error status refuses the request; a success whose body could not be read is unknown.
    if (status !== undefined) return status >= 200 && status < 300;
    if (e.code !== undefined && NOT_SENT_NETWORK_CODES.has(e.code)) return false;
    if (e.name === "TimeoutError") return !(e.message ?? "").includes(NO_CONNECTION_MESSAGE);
    return e.code === "ECONNRESET" || e.code === "EPIPE" || e.code === "ECONNABORTED" || e.code === "ETIMEDOUT";
}
