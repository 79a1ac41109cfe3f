/**
 * S3 REST requests, as recorded on the wire, and what S3 authorizes each against:
 * the IAM action and resource from the Service Authorization Reference ("Actions,
 * resources, and condition keys for Amazon S3") and the Permissions section of each
 * operation in the S3 API reference. Only path-style requests are read (the recorder
 * configures them).
 *
 * Unknown request shapes throw instead of guessing, so a connector or Hadoop upgrade
 * that starts sending a new kind of request fails the test until it is mapped here.
 */

export interface RecordedS3Request {
    method: string;
    /** Path-style and URL-encoded: `/bucket/key`, `/bucket/` or `/bucket`. */
    path: string;
    /** The raw query string, e.g. `uploadId=...&partNumber=1` or `delete`. */
    query: string;
    /** The `x-amz-copy-source` header of a CopyObject, `/bucket/key`. */
    copySource?: string | null;
    body: string;
}

export interface S3Authorization {
    /** The S3 API operation, for messages. */
    operation: string;
    action: string;
    bucket: string;
    /** Absent for bucket-level actions. */
    key?: string;
    /** Condition keys S3 sets for this request, e.g. `s3:prefix`. */
    context?: Record<string, string>;
}

function splitPath(path: string): { bucket: string; key: string } {
    const [bucket, ...rest] = path.replace(/^\//, "").split("/");
    return { bucket: decodeURIComponent(bucket), key: decodeURIComponent(rest.join("/")) };
}

/** DeleteObjects names its keys in the XML body: `<Object><Key>k</Key></Object>`. */
function deletedKeys(body: string): string[] {
    const keys = [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unescapeXml(m[1]));
    if (keys.length === 0) throw new Error(`DeleteObjects body names no key: ${body.slice(0, 200)}`);
    return keys;
}

function unescapeXml(text: string): string {
    return text
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&");
}

/** The list condition keys S3 sets from the query (only those present). */
function listContext(params: URLSearchParams): Record<string, string> {
    const context: Record<string, string> = {};
    for (const [param, conditionKey] of [
        ["prefix", "s3:prefix"],
        ["delimiter", "s3:delimiter"],
        ["max-keys", "s3:max-keys"],
    ]) {
        const value = params.get(param);
        if (value !== null) context[conditionKey] = value;
    }
    return context;
}

export function authorizationsOf(request: RecordedS3Request): S3Authorization[] {
    const { bucket, key } = splitPath(request.path);
    const params = new URLSearchParams(request.query);
    const has = (name: string) => params.has(name);
    const method = request.method.toUpperCase();
    const shape = `${method} ${request.path}${request.query ? `?${request.query}` : ""}`;

    if (key === "") {
        if (method === "POST" && has("delete")) {
            return deletedKeys(request.body).map((k) => ({ operation: "DeleteObjects", action: "s3:DeleteObject", bucket, key: k }));
        }
        if (method === "GET" && has("uploads")) {
            return [{ operation: "ListMultipartUploads", action: "s3:ListBucketMultipartUploads", bucket }];
        }
        if (method === "GET" && has("location")) {
            return [{ operation: "GetBucketLocation", action: "s3:GetBucketLocation", bucket }];
        }
        if (method === "GET" && [...params.keys()].every((p) => ["list-type", "prefix", "delimiter", "max-keys", "encoding-type", "fetch-owner", "continuation-token", "start-after", "marker"].includes(p))) {
            const operation = params.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
            return [{ operation, action: "s3:ListBucket", bucket, context: listContext(params) }];
        }
        if (method === "HEAD" && request.query === "") {
            return [{ operation: "HeadBucket", action: "s3:ListBucket", bucket }];
        }
        throw new Error(`unmapped S3 bucket request: ${shape}`);
    }

    if (method === "PUT" && has("uploadId") && has("partNumber")) {
        return [{ operation: "UploadPart", action: "s3:PutObject", bucket, key }];
    }
    if (method === "PUT" && request.query === "") {
        if (request.copySource) {
            const source = splitPath(request.copySource.startsWith("/") ? request.copySource : `/${request.copySource}`);
            return [
                { operation: "CopyObject (source)", action: "s3:GetObject", bucket: source.bucket, key: source.key },
                { operation: "CopyObject", action: "s3:PutObject", bucket, key },
            ];
        }
        return [{ operation: "PutObject", action: "s3:PutObject", bucket, key }];
    }
    if (method === "POST" && has("uploads")) {
        return [{ operation: "CreateMultipartUpload", action: "s3:PutObject", bucket, key }];
    }
    if (method === "POST" && has("uploadId")) {
        return [{ operation: "CompleteMultipartUpload", action: "s3:PutObject", bucket, key }];
    }
    if (method === "DELETE" && has("uploadId")) {
        return [{ operation: "AbortMultipartUpload", action: "s3:AbortMultipartUpload", bucket, key }];
    }
    if (method === "GET" && has("uploadId")) {
        return [{ operation: "ListParts", action: "s3:ListMultipartUploadParts", bucket, key }];
    }
    if ((method === "GET" || method === "HEAD") && request.query === "") {
        return [{ operation: method === "GET" ? "GetObject" : "HeadObject", action: "s3:GetObject", bucket, key }];
    }
    if (method === "DELETE" && request.query === "") {
        return [{ operation: "DeleteObject", action: "s3:DeleteObject", bucket, key }];
    }
    throw new Error(`unmapped S3 object request: ${shape}`);
}
