import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The job descriptor (docs/job-descriptor.md): what a PyFlink job reads and writes,
 * declared once, in `job.json` in the job's folder. The Pulumi component derives the
 * Glue tables, the S3 write grants, the Athena named queries and the job's output
 * property groups from it; the local pipeline builds its DuckDB views and runs the
 * same queries from it.
 *
 * The types are plain data, so the local pipeline and the producer can import them
 * without Pulumi. The component takes the same shape with Pulumi Inputs in the S3
 * location of existing code (`JobDescriptor<pulumi.Input<string>>`).
 */

/** Row formats the component can catalog. */
export const TABLE_FORMATS = ["json", "parquet"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Units of a `date` partition projection (Athena's `projection.<key>.interval.unit`). */
export const DATE_UNITS = ["YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS", "MINUTES", "SECONDS"] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

export interface ColumnDescriptor {
    /** `[a-z_][a-z0-9_]{0,254}`, unique across the table's columns and partition keys. */
    name: string;
    /** A Glue (Hive) type: string, int, bigint, double, timestamp, decimal(p,s), array<...>, ... */
    type: string;
    comment?: string;
    /**
     * The type the job declares for this column in Flink SQL, for a job that builds its
     * DDL from the descriptor (the ticker job does). The component ignores it.
     * @default undefined
     */
    flinkType?: string;
}

/** Athena partition projection of one partition key. */
export type PartitionProjection =
    | { type: "enum"; values: string[] }
    | {
          type: "integer";
          /** `[min, max]`, inclusive. */
          range: [number, number];
          /** @default 1 */
          interval?: number;
          /** Zero-padded width of the value in the path. @default undefined (no padding) */
          digits?: number;
      }
    | {
          type: "date";
          /** A Java DateTimeFormatter pattern, e.g. `yyyy-MM-dd`. */
          format: string;
          /** `[first, last]` in `format`, or relative: `NOW`, `NOW-3YEARS`, `NOW+1DAYS`. */
          range: [string, string];
          /** @default 1 */
          interval?: number;
          /** @default "DAYS" */
          unit?: DateUnit;
      }
    /** Values are not enumerable: every query must filter on the key. */
    | { type: "injected" };

export interface PartitionKeyDescriptor extends ColumnDescriptor {
    projection: PartitionProjection;
}

/** A runtime property of the job: a key inside a property group. */
export interface PropertyRef {
    group: string;
    key: string;
}

export interface TableDescriptor {
    /** `[a-z][a-z0-9_]{0,63}`; stable: SQL placeholders and child resource names use it. */
    id: string;
    /** The Glue table's name, `[a-z0-9_]{1,255}`. */
    name: string;
    description?: string;
    /** Bucket prefix, relative, ending in `/`. */
    prefix: string;
    format: TableFormat;
    columns: ColumnDescriptor[];
    /** In path order. @default [] (unpartitioned) */
    partitionKeys?: PartitionKeyDescriptor[];
    /** Where the job is told this table's folder (`s3a://<bucket>/<prefix>` when deployed). */
    pathProperty: PropertyRef;
}

export interface NamedQueryDescriptor {
    /** `[a-z][a-z0-9_]{0,63}`; names the child resource. */
    id: string;
    name: string;
    description?: string;
    /** Placeholders: `{{database}}`, `{{tables.<id>}}`, `{{parameters.<name>}}`. */
    sql: string;
}

/** An extra statement for the application role. `${partition}`, `${region}`, `${account}` are filled in. */
export interface JobPolicyStatement {
    Sid?: string;
    Effect: "Allow";
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

/** An object already in S3 holding the application zip. */
export interface S3CodeObject<S = string> {
    bucket: S;
    key: S;
    /** Pin this object version; without it the application reads the latest. @default undefined */
    version?: S;
}

/** A zip or a folder on disk (relative to the working directory), or an S3 object. */
export type CodeLocation<S = string> = string | S3CodeObject<S>;

/**
 * A job, as the component deploys it and the local pipeline runs it. `S` is the type
 * of the S3 code location's fields (plain strings on disk, Pulumi Inputs in a program).
 */
export interface JobDescriptor<S = string> {
    /** `[a-z0-9-]{1,40}`; names the job in logs and its application zip (`build/<name>.zip`). */
    name: string;
    description?: string;
    /** The application code. Required by the component; the local pipeline runs the job's folder. */
    code?: CodeLocation<S>;
    /** The Python file Managed Flink starts. @default "main.py" (contract/properties.json runOptions) */
    entryPoint?: string;
    /** The connector uber-jar inside the code. @default "lib/pyflink-dependencies.jar" (contract/properties.json runOptions) */
    jarFile?: string;
    tables: TableDescriptor[];
    /** Saved in the Athena workgroup, run by the local pipeline on DuckDB. @default [] */
    namedQueries?: NamedQueryDescriptor[];
    /** Values of the `{{parameters.<name>}}` placeholders, `[A-Za-z0-9._-]{1,128}` each. @default {} */
    queryParameters?: Record<string, string>;
    /** Property groups passed to the application unchanged. @default {} */
    propertyGroups?: Record<string, Record<string, string>>;
    /** Extra statements for the application role. @default [] */
    policyStatements?: JobPolicyStatement[];
}

/** job.json on disk: the named queries name their SQL file instead of holding it. */
type NamedQueryOnDisk = Omit<NamedQueryDescriptor, "sql"> & { file: string };
type JobDescriptorOnDisk = Omit<JobDescriptor, "namedQueries" | "code"> & {
    $comment?: string;
    namedQueries?: NamedQueryOnDisk[];
};

export const JOB_DESCRIPTOR_FILE = "job.json";

export class JobDescriptorFileError extends Error {
    constructor(
        readonly file: string,
        message: string,
    ) {
        super(`${file}: ${message}`);
        this.name = "JobDescriptorFileError";
    }
}

export interface LoadJobDescriptorOptions<S> {
    /** Where the application code is; the component requires it, the local pipeline does not. */
    code?: CodeLocation<S>;
}

/**
 * Reads `<dir>/job.json` and the SQL files its named queries name. It checks only that
 * the file is a JSON object and that every query file exists and is inside `dir`; the
 * component (and `validateJobDescriptor`) check everything else, with field names.
 */
export function loadJobDescriptor<S = string>(dir: string, options: LoadJobDescriptorOptions<S> = {}): JobDescriptor<S> {
    const file = path.join(dir, JOB_DESCRIPTOR_FILE);
    let raw: unknown;
    try {
        raw = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new JobDescriptorFileError(file, `cannot read the job descriptor (${(e as Error).message})`);
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new JobDescriptorFileError(file, "must hold a JSON object");
    }
    const { $comment: _comment, namedQueries, ...rest } = raw as JobDescriptorOnDisk;
    const queries = (namedQueries ?? []).map((q, i) => {
        const { file: sqlFile, ...query } = q;
        return { ...query, sql: readQueryFile(dir, file, sqlFile, i) };
    });
    return { ...rest, namedQueries: queries, ...(options.code === undefined ? {} : { code: options.code }) };
}

function readQueryFile(dir: string, descriptorFile: string, sqlFile: unknown, index: number): string {
    const field = `namedQueries[${index}].file`;
    if (typeof sqlFile !== "string" || sqlFile.length === 0) {
        throw new JobDescriptorFileError(descriptorFile, `${field} = ${JSON.stringify(sqlFile)}: must name the query's SQL file`);
    }
    const resolved = path.resolve(dir, sqlFile);
    if (path.relative(path.resolve(dir), resolved).startsWith("..")) {
        throw new JobDescriptorFileError(descriptorFile, `${field} = ${JSON.stringify(sqlFile)}: must be inside the job folder`);
    }
    try {
        return fs.readFileSync(resolved, "utf8").trim();
    } catch {
        throw new JobDescriptorFileError(descriptorFile, `${field} = ${JSON.stringify(sqlFile)}: no such file (${resolved})`);
    }
}

/** The placeholder values a named query is rendered with. */
export interface QueryValues {
    database: string;
    /** Deployed Glue table name by table id. */
    tables: Record<string, string>;
    parameters: Record<string, string>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Every placeholder a query uses, e.g. `database`, `tables.results`, `parameters.ticker`. */
export function queryPlaceholders(sql: string): string[] {
    return [...new Set([...sql.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The value of one placeholder, or undefined when nothing provides it. */
export function placeholderValue(placeholder: string, values: QueryValues): string | undefined {
    if (placeholder === "database") return values.database;
    const [scope, name, ...more] = placeholder.split(".");
    if (more.length > 0 || name === undefined) return undefined;
    if (scope === "tables") return Object.hasOwn(values.tables, name) ? values.tables[name] : undefined;
    if (scope === "parameters") return Object.hasOwn(values.parameters, name) ? values.parameters[name] : undefined;
    return undefined;
}

/**
 * Fills a named query's placeholders. Values must already be valid SQL identifiers
 * or literals (the component checks them); an unknown placeholder is an error.
 */
export function renderNamedQuery(sql: string, values: QueryValues): string {
    return sql.replace(PLACEHOLDER, (whole, placeholder: string) => {
        const value = placeholderValue(placeholder, values);
        if (value === undefined) throw new Error(`named query placeholder ${whole} has no value`);
        return value;
    });
}
