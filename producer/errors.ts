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

interface ErrorLike {
    name?: string;
    code?: string;
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
