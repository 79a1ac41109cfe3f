import { DATE_UNITS, TABLE_FORMATS, placeholderValue, properties, queryPlaceholders, type PartitionKeyDescriptor } from "../../contract/index.js";
import type { ResolvedJob, ResolvedTable } from "../defaults.js";
import { runOptionsPropertyGroup, sentJobPropertyGroups } from "../job-properties.js";
import { bucketPrefix, tableLocationPrefix } from "./bucket.js";
import { athenaName } from "./catalog.js";
import type { ArgChecker } from "./checker.js";
import { checkCode } from "./code.js";
import { datePatternProblem, dateRangeProblem } from "./date-projection.js";
import { glueTypeProblem, isPrimitiveGlueType } from "./glue-types.js";
import { checkJobPolicyStatements } from "./job-policy.js";
import { limit, sentListLimit } from "./limits.js";
import { firstDuplicate, integer, isString, matches, oneOf } from "./rules.js";

/**
 * The job descriptor (docs/job-descriptor.md § Validation). Fields are named through
 * `name`, so a problem names the option the user set (e.g. `tickerJob.outputPrefix`)
 * or the descriptor's own path (`job.tables[1].prefix`).
 */

export interface JobCheckContext {
    codePrefix: string;
    athenaResultsPrefix: string;
    /** Names a descriptor path as the user set it. */
    name: (path: string) => string;
}

const JOB_NAME = matches(/^[a-z0-9-]{1,40}$/, "[a-z0-9-]{1,40}");
const ID = matches(/^[a-z][a-z0-9_]{0,63}$/, "[a-z][a-z0-9_]{0,63}");
/** Athena's rule for column names (see athenaName). */
const COLUMN_NAME = matches(/^[a-z_][a-z0-9_]{0,254}$/, "[a-z_][a-z0-9_]{0,254} (names Athena can query)");
const TABLE = "glue:CreateTable.TableInput";
const PROPERTIES = "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.EnvironmentProperties.PropertyGroups";
/** The longest bucket name, for limits on a location whose bucket is autonamed. */
const LONGEST_BUCKET = "b".repeat(63);
/** Safe in an S3 path segment, in the comma-separated projection enum and in a SQL literal. */
const PARTITION_VALUE = matches(/^[A-Za-z0-9._-]{1,128}$/, "[A-Za-z0-9._-]{1,128}");
const RELATIVE_FILE = matches(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_./-]+$/, "a relative path inside the code, without '..'");

export function checkJob(c: ArgChecker, job: ResolvedJob, ctx: JobCheckContext): void {
    const n = ctx.name;
    c.check(n("name"), job.name, JOB_NAME);
    c.check(n("entryPoint"), job.entryPoint, RELATIVE_FILE);
    c.check(n("jarFile"), job.jarFile, RELATIVE_FILE);
    checkCode(c, job, n("code"));
    if (!Array.isArray(job.tables) || job.tables.length === 0) {
        c.report(n("tables"), job.tables, "must declare at least one table the job writes");
        return;
    }
    job.tables.forEach((t, i) => checkTable(c, t, `tables[${i}]`, n));
    reportDuplicates(c, job.tables.map((t) => t.id), (i) => n(`tables[${i}].id`), "table ids");
    reportDuplicates(c, job.tables.map((t) => t.name), (i) => n(`tables[${i}].name`), "table names");
    checkPrefixOverlaps(c, job, ctx);
    checkNamedQueries(c, job, n);
    checkPropertyClaims(c, job, n);
    checkJobPolicyStatements(c, job.policyStatements, n);
}

/** Reports the second and later occurrences of a repeated value. */
function reportDuplicates(c: ArgChecker, values: unknown[], field: (index: number) => string, what: string): void {
    const seen = new Set<unknown>();
    values.forEach((v, i) => {
        if (seen.has(v)) c.report(field(i), v, `must be unique among the job's ${what}`);
        seen.add(v);
    });
}

function checkTable(c: ArgChecker, t: ResolvedTable, at: string, n: (path: string) => string): void {
    c.check(n(`${at}.id`), t.id, ID);
    c.check(n(`${at}.name`), t.name, limit(`${TABLE}.Name`), athenaName);
    if (t.description !== undefined) c.check(n(`${at}.description`), t.description, limit(`${TABLE}.Description`));
    c.check(n(`${at}.prefix`), t.prefix, bucketPrefix, tableLocationPrefix, (v) => limit(`${TABLE}.StorageDescriptor.Location`)(`s3://${LONGEST_BUCKET}/${v}`));
    c.check(n(`${at}.format`), t.format, oneOf(TABLE_FORMATS));
    if (!Array.isArray(t.columns) || t.columns.length === 0) c.report(n(`${at}.columns`), t.columns, "must list at least one column");
    (t.columns ?? []).forEach((col, i) => {
        c.check(n(`${at}.columns[${i}].name`), col.name, limit(`${TABLE}.StorageDescriptor.Columns.member.Name`), COLUMN_NAME);
        c.check(n(`${at}.columns[${i}].type`), col.type, limit(`${TABLE}.StorageDescriptor.Columns.member.Type`), (v) => (isString(v) ? glueTypeProblem(v) : "must be a Glue type"));
        if (col.comment !== undefined) c.check(n(`${at}.columns[${i}].comment`), col.comment, limit(`${TABLE}.StorageDescriptor.Columns.member.Comment`));
    });
    t.partitionKeys.forEach((key, i) => checkPartitionKey(c, key, `${at}.partitionKeys[${i}]`, n));
    const names = [...(t.columns ?? []), ...t.partitionKeys].map((col) => col.name);
    const repeated = firstDuplicate(names);
    if (repeated !== undefined) {
        const index = names.lastIndexOf(repeated);
        const path = index < (t.columns ?? []).length ? `${at}.columns[${index}].name` : `${at}.partitionKeys[${index - (t.columns ?? []).length}].name`;
        c.report(n(path), repeated, "must be unique across the table's columns and partition keys");
    }
    const ref = t.pathProperty;
    if (ref === undefined || !isString(ref.group) || !isString(ref.key)) {
        c.report(n(`${at}.pathProperty`), ref, "must name the property group and key through which the job gets this table's folder");
    }
}

function checkPartitionKey(c: ArgChecker, key: PartitionKeyDescriptor, at: string, n: (path: string) => string): void {
    c.check(n(`${at}.name`), key.name, limit(`${TABLE}.PartitionKeys.member.Name`), COLUMN_NAME);
    c.check(n(`${at}.type`), key.type, limit(`${TABLE}.PartitionKeys.member.Type`), (v) =>
        isString(v) && isPrimitiveGlueType(v) ? undefined : "must be a primitive Glue type (partition keys cannot be array, map or struct)",
    );
    const p = key.projection;
    const field = (name: string) => n(`${at}.projection.${name}`);
    switch (p?.type) {
        case "enum":
            if (!Array.isArray(p.values) || p.values.length === 0) c.report(field("values"), p.values, "must list at least one value");
            (p.values ?? []).forEach((v, i) => c.check(n(`${at}.projection.values[${i}]`), v, PARTITION_VALUE));
            reportDuplicates(c, p.values ?? [], (i) => n(`${at}.projection.values[${i}]`), "values of this projection");
            // The values end up comma-separated in one table parameter.
            if (Array.isArray(p.values)) c.check(field("values"), p.values.join(","), limit(`${TABLE}.Parameters.value`));
            break;
        case "integer":
            checkIntegerProjection(c, p, field);
            break;
        case "date":
            c.check(field("format"), p.format, (v) => (isString(v) ? datePatternProblem(v) : "must be a date format such as yyyy-MM-dd"));
            c.check(field("range"), p.range, (v) => (isString(p.format) && datePatternProblem(p.format) === undefined ? dateRangeProblem(v, p.format) : undefined));
            c.check(field("interval"), p.interval ?? 1, integer(1));
            c.check(field("unit"), p.unit ?? "DAYS", oneOf(DATE_UNITS));
            break;
        case "injected":
            break;
        default:
            c.report(n(`${at}.projection`), p, "must be a projection of type enum, integer, date or injected");
    }
}

function checkIntegerProjection(c: ArgChecker, p: { range: [number, number]; interval?: number; digits?: number }, field: (name: string) => string): void {
    const [min, max]: unknown[] = Array.isArray(p.range) ? p.range : [];
    const ok = Array.isArray(p.range) && p.range.length === 2 && Number.isSafeInteger(min) && Number.isSafeInteger(max) && (min as number) <= (max as number);
    if (!ok) c.report(field("range"), p.range, "must be [min, max], two integers with min <= max");
    c.check(field("interval"), p.interval ?? 1, integer(1));
    if (p.digits !== undefined) c.check(field("digits"), p.digits, integer(1, 20));
}

/** Each table gets its own write grant and Glue location, so no prefix may contain another. */
function checkPrefixOverlaps(c: ArgChecker, job: ResolvedJob, ctx: JobCheckContext): void {
    const prefixes: [string, string][] = [
        ["bucket.codePrefix", ctx.codePrefix],
        ["bucket.athenaResultsPrefix", ctx.athenaResultsPrefix],
        ...job.tables.map((t, i): [string, string] => [ctx.name(`tables[${i}].prefix`), t.prefix]),
    ];
    for (let j = 2; j < prefixes.length; j++) {
        const [field, prefix] = prefixes[j];
        if (!isString(prefix)) continue;
        const other = prefixes.slice(0, j).find(([, p]) => isString(p) && (p.startsWith(prefix) || prefix.startsWith(p)));
        if (other) c.report(field, prefix, `must not overlap ${other[0]} (${JSON.stringify(other[1])}): each prefix gets its own permissions`);
    }
}

function checkNamedQueries(c: ArgChecker, job: ResolvedJob, n: (path: string) => string): void {
    Object.entries(job.queryParameters).forEach(([key, value]) => {
        c.check(n(`queryParameters.${key}`), key, matches(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "[A-Za-z][A-Za-z0-9_]{0,63} (a parameter name)"));
        c.check(n(`queryParameters.${key}`), value, matches(/^[A-Za-z0-9._-]{1,128}$/, "[A-Za-z0-9._-]{1,128}, safe in a SQL literal"));
    });
    const values = {
        database: "database",
        tables: Object.fromEntries(job.tables.map((t) => [t.id, t.name])),
        parameters: job.queryParameters,
    };
    job.namedQueries.forEach((q, i) => {
        const at = `namedQueries[${i}]`;
        c.check(n(`${at}.id`), q.id, ID);
        c.check(n(`${at}.name`), q.name, limit("athena:CreateNamedQuery.Name"));
        if (q.description !== undefined) c.check(n(`${at}.description`), q.description, limit("athena:CreateNamedQuery.Description"));
        c.check(n(`${at}.sql`), q.sql, limit("athena:CreateNamedQuery.QueryString"));
        for (const placeholder of isString(q.sql) ? queryPlaceholders(q.sql) : []) {
            if (placeholderValue(placeholder, values) === undefined) {
                c.report(n(`${at}.sql`), `{{${placeholder}}}`, "uses a placeholder nothing fills: {{database}}, {{tables.<table id>}} or {{parameters.<queryParameters key>}}");
            }
        }
    });
    reportDuplicates(c, job.namedQueries.map((q) => q.id), (i) => n(`namedQueries[${i}].id`), "named query ids");
}

/** Property keys the component computes itself: the run options and the whole input group of the contract. */
function computedPropertyKeys(): Map<string, string[]> {
    return new Map([
        [properties.runOptions.groupId, Object.keys(runOptionsPropertyGroup().propertyMap)],
        [properties.input.groupId, Object.values(properties.input.keys)],
    ]);
}

/** A property key is set by one party: the component, one table's pathProperty, or propertyGroups. */
function checkPropertyClaims(c: ArgChecker, job: ResolvedJob, n: (path: string) => string): void {
    const claimed = new Map<string, string>();
    for (const [group, keys] of computedPropertyKeys()) for (const key of keys) claimed.set(`${group}/${key}`, "the component");
    const claim = (field: string, group: string, key: string) => {
        const by = claimed.get(`${group}/${key}`);
        if (by !== undefined) c.report(field, `${group}.${key}`, `is already set by ${by}; each property key has one owner`);
        else claimed.set(`${group}/${key}`, field);
    };
    job.tables.forEach((t, i) => {
        if (t.pathProperty && isString(t.pathProperty.group) && isString(t.pathProperty.key)) claim(n(`tables[${i}].pathProperty`), t.pathProperty.group, t.pathProperty.key);
    });
    const groups = Object.entries(job.propertyGroups);
    for (const [group, map] of groups) {
        const at = `propertyGroups.${group}`;
        c.check(n(at), group, limit(`${PROPERTIES}.member.PropertyGroupId`));
        // An empty group is not sent (sentJobPropertyGroups), so an empty map is allowed.
        c.check(n(at), map, sentListLimit(`${PROPERTIES}.member.PropertyMap`));
        for (const [key, value] of Object.entries(map ?? {})) {
            c.check(n(`${at}.${key}`), key, limit(`${PROPERTIES}.member.PropertyMap.key`));
            c.check(n(`${at}.${key}`), value, limit(`${PROPERTIES}.member.PropertyMap.value`));
            claim(n(`${at}.${key}`), group, key);
        }
    }
    // With the groups the component computes: the run options, the input, each table's.
    const groupIds = [...new Set([...computedPropertyKeys().keys(), ...job.tables.map((t) => t.pathProperty?.group), ...sentJobPropertyGroups(job.propertyGroups).map(([g]) => g)])];
    c.check(n("propertyGroups"), groupIds, limit(PROPERTIES));
}
