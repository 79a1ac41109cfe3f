import type * as pulumi from "@pulumi/pulumi";
import type { ArgChecker } from "./checker.js";
import type { Rule } from "./rules.js";

/**
 * Tag rules shared by the services the component tags, which their API models state
 * per service and not as one limit:
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 * (at most 50 user tags per resource; keys 1-128 and values 0-256 characters of
 * letters, digits, spaces and `_ . : / = + - @`; the `aws:` prefix is reserved).
 */
export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export const tagKey: Rule<string> = (key) => {
    if (key.length < 1 || key.length > 128) return "tag keys must be 1 to 128 characters long";
    if (key.toLowerCase().startsWith("aws:")) return "tag keys must not start with aws: (reserved for AWS)";
    return TAG_TEXT.test(key) ? undefined : "tag keys may contain only letters, digits, spaces and _ . : / = + - @";
};

export const tagValue: Rule<unknown> = (value) => {
    if (typeof value !== "string") return "tag values must be strings";
    if (value.length > 256) return "tag values must be at most 256 characters long";
    return TAG_TEXT.test(value) ? undefined : "tag values may contain only letters, digits, spaces and _ . : / = + - @";
};

export function checkTags(c: ArgChecker, tags: Record<string, pulumi.Input<string>>): void {
    const keys = Object.keys(tags);
    if (keys.length > MAX_TAGS) c.report("tags", `${keys.length} tags`, `must be at most ${MAX_TAGS} tags per resource (AWS tagging limit)`);
    for (const key of keys) {
        c.check(`tags[${JSON.stringify(key)}]`, key, tagKey);
        c.checkIfKnown(`tags[${JSON.stringify(key)}]`, tags[key], tagValue);
    }
}
