import { properties } from "../contract/index.js";
import type { InitialPosition, ReaderType } from "./args.js";

/**
 * The runtime properties the PyFlink job reads, built from plain values. The
 * component feeds them to Managed Flink; the local pipeline feeds the same groups
 * (plus an emulator endpoint) to a local Flink, so both run the job identically.
 * Group ids and keys come from contract/properties.json.
 */

export interface PropertyGroup {
    propertyGroupId: string;
    propertyMap: Record<string, string>;
}

export interface JobPropertyOptions {
    /** ARN of the Kinesis stream the job reads. */
    streamArn: string;
    /** Region of the stream. */
    region: string;
    /** Where results go, e.g. `s3a://bucket/output/` (see {@link jobOutputPath}). */
    outputPath: string;
    /** Where rejected records go, e.g. `s3a://bucket/rejected/`; apart from `outputPath`. */
    rejectedPath: string;
    /** @default 60 */
    windowSeconds?: number;
    /** @default 5 */
    watermarkDelaySeconds?: number;
    /** @default "LATEST" */
    initialPosition?: InitialPosition;
    /** Required with AT_TIMESTAMP; ignored otherwise. */
    initialTimestamp?: string;
    /** @default "POLLING" */
    readerType?: ReaderType;
    /** Required with EFO; ignored otherwise. */
    efoConsumerName?: string;
    /** Kinesis endpoint override, for local emulators only. */
    endpoint?: string;
}

/**
 * A folder the job writes to, for a bucket prefix: the s3a scheme (Flink's S3
 * filesystem plugin) and a trailing slash, as the job expects.
 */
export function jobOutputPath(bucketName: string, outputPrefix: string): string {
    const prefix = outputPrefix.replace(/^\/+/, "");
    return `s3a://${bucketName}/${prefix.endsWith("/") ? prefix : `${prefix}/`}`;
}

/** `kinesis.analytics.flink.run.options`: tells Managed Flink how to start a Python job. */
export function runOptionsPropertyGroup(): PropertyGroup {
    return {
        propertyGroupId: properties.runOptions.groupId,
        propertyMap: { python: properties.runOptions.python, jarfile: properties.runOptions.jarfile },
    };
}

/** InputStream0, OutputPath0 and Aggregation0, in that order. Throws on inconsistent options. */
export function buildJobPropertyGroups(opts: JobPropertyOptions): PropertyGroup[] {
    const input = properties.input;
    const inKeys = input.keys;
    const initialPosition = opts.initialPosition ?? (input.defaults[inKeys.initPosition] as InitialPosition);
    const readerType = opts.readerType ?? (input.defaults[inKeys.readerType] as ReaderType);
    if (!input.allowed[inKeys.initPosition].includes(initialPosition)) {
        throw new Error(`buildJobPropertyGroups: unknown initialPosition ${JSON.stringify(initialPosition)}`);
    }
    if (!input.allowed[inKeys.readerType].includes(readerType)) {
        throw new Error(`buildJobPropertyGroups: unknown readerType ${JSON.stringify(readerType)}`);
    }

    const inputMap: Record<string, string> = {
        [inKeys.streamArn]: opts.streamArn,
        [inKeys.region]: opts.region,
        [inKeys.initPosition]: initialPosition,
        [inKeys.readerType]: readerType,
    };
    if (initialPosition === "AT_TIMESTAMP") {
        if (!opts.initialTimestamp) {
            throw new Error("buildJobPropertyGroups: initialTimestamp is required with AT_TIMESTAMP");
        }
        inputMap[inKeys.initTimestamp] = opts.initialTimestamp;
    }
    if (readerType === "EFO") {
        if (!opts.efoConsumerName) {
            throw new Error("buildJobPropertyGroups: efoConsumerName is required with EFO");
        }
        inputMap[inKeys.efoConsumerName] = opts.efoConsumerName;
    }
    if (opts.endpoint !== undefined) {
        inputMap[inKeys.endpoint] = opts.endpoint;
    }

    const agg = properties.aggregation;
    return [
        { propertyGroupId: input.groupId, propertyMap: inputMap },
        {
            propertyGroupId: properties.output.groupId,
            propertyMap: {
                [properties.output.keys.path]: opts.outputPath,
                [properties.output.keys.rejectedPath]: opts.rejectedPath,
            },
        },
        {
            propertyGroupId: agg.groupId,
            propertyMap: {
                [agg.keys.windowSeconds]: String(opts.windowSeconds ?? agg.defaults[agg.keys.windowSeconds]),
                [agg.keys.watermarkDelaySeconds]: String(
                    opts.watermarkDelaySeconds ?? agg.defaults[agg.keys.watermarkDelaySeconds],
                ),
            },
        },
    ];
}
