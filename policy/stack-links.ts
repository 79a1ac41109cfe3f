import { PolicyResource, UnknownValueError } from "@pulumi/policy";

/**
 * Which companion resources (public-access block, encryption configuration, bucket
 * policy) belong to a bucket. Two ways, because each fails somewhere:
 * - the companion's `bucket` property depends on the bucket resource
 *   (propertyDependencies): known even during a preview of a new stack, when the
 *   bucket's name or id is not;
 * - the companion's `bucket` value equals the bucket's name: works for a companion
 *   that names the bucket with a literal string (no dependency).
 */

/** Reads a property that may be unknown during preview; undefined when unknown. */
export function whenKnown<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) return undefined;
        throw e;
    }
}

/** The names a companion may use for the bucket: its name (`bucket`), and `id` where present. */
function bucketNames(bucket: PolicyResource): string[] {
    return [whenKnown(() => bucket.props.bucket), whenKnown(() => bucket.props.id)].filter(
        (v): v is string => typeof v === "string" && v.length > 0,
    );
}

export function attachedToBucket(bucket: PolicyResource, companion: PolicyResource): boolean {
    const deps = companion.propertyDependencies?.bucket ?? [];
    if (deps.some((d) => d.urn === bucket.urn)) return true;
    const value = whenKnown(() => companion.props.bucket);
    return typeof value === "string" && bucketNames(bucket).includes(value);
}
