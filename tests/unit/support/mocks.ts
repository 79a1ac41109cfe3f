import * as pulumi from "@pulumi/pulumi";
import * as crypto from "node:crypto";

/**
 * Pulumi mocks that behave like a small AWS: they know a partition, region and
 * account, invent the names and ARNs real autonaming and AWS would produce, and
 * record every resource and invoke.
 */

export interface MockEnvironment {
    partition: string;
    region: string;
    accountId: string;
}

export const COMMERCIAL: MockEnvironment = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
export const CHINA: MockEnvironment = { partition: "aws-cn", region: "cn-north-1", accountId: "210987654321" };

export interface CapturedResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    state: Record<string, any>;
}

export interface CapturedInvoke {
    token: string;
    inputs: Record<string, any>;
}

export function environmentForRegion(region: string, accountId?: string): MockEnvironment {
    if (region.startsWith("cn-")) return { ...CHINA, region, accountId: accountId ?? CHINA.accountId };
    if (region.startsWith("us-gov-")) return { partition: "aws-us-gov", region, accountId: accountId ?? COMMERCIAL.accountId };
    return { ...COMMERCIAL, region, accountId: accountId ?? COMMERCIAL.accountId };
}

function suffix(seed: string): string {
    return crypto.createHash("sha1").update(seed).digest("hex").slice(0, 7);
}

/** What the provider would compute for a resource: names, ids and ARNs. */
function computed(env: MockEnvironment, type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    const { partition: p, region: r, accountId: a } = env;
    const auto = `${name}-${suffix(name)}`;
    switch (type) {
        case "aws:kinesis/stream:Stream": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:kinesis:${r}:${a}:stream/${n}` };
        }
        case "aws:s3/bucket:Bucket": {
            const n = inputs.bucket ?? auto.toLowerCase();
            return { bucket: n, arn: `arn:${p}:s3:::${n}`, id: n };
        }
        case "aws:s3/bucketObjectv2:BucketObjectv2":
            // A new version for new content, as a versioned bucket does.
            return { versionId: `v-${suffix(String(inputs.sourceHash ?? inputs.key))}`, id: inputs.key };
        case "aws:iam/role:Role": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:iam::${a}:role/${n}`, id: n };
        }
        case "aws:cloudwatch/logGroup:LogGroup": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:logs:${r}:${a}:log-group:${n}` };
        }
        case "aws:cloudwatch/logStream:LogStream": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:logs:${r}:${a}:log-group:${inputs.logGroupName}:log-stream:${n}` };
        }
        case "aws:kinesisanalyticsv2/application:Application": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:kinesisanalytics:${r}:${a}:application/${n}` };
        }
        case "aws:glue/catalogDatabase:CatalogDatabase":
            return { arn: `arn:${p}:glue:${r}:${a}:database/${inputs.name}` };
        case "aws:glue/catalogTable:CatalogTable":
            return { arn: `arn:${p}:glue:${r}:${a}:table/${inputs.databaseName}/${inputs.name}` };
        case "aws:glue/crawler:Crawler":
            return { arn: `arn:${p}:glue:${r}:${a}:crawler/${inputs.name}` };
        case "aws:athena/workgroup:Workgroup": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:athena:${r}:${a}:workgroup/${n}` };
        }
        case "aws:sns/topic:Topic": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:sns:${r}:${a}:${n}` };
        }
        case "aws:sns/topicSubscription:TopicSubscription":
            return { arn: `${inputs.topic}:${suffix(name)}` };
        case "aws:cloudwatch/metricAlarm:MetricAlarm": {
            const n = inputs.name ?? auto;
            return { name: n, arn: `arn:${p}:cloudwatch:${r}:${a}:alarm:${n}` };
        }
        case "aws:kms/key:Key": {
            const id = `${suffix(name)}-0000-4000-8000-${suffix(`${name}-key`)}00000`;
            return { id, keyId: id, arn: `arn:${p}:kms:${r}:${a}:key/${id}` };
        }
        case "aws:cloudwatch/dashboard:Dashboard":
            return { dashboardArn: `arn:${p}:cloudwatch::${a}:dashboard/${inputs.dashboardName}` };
        default:
            return { name: inputs.name ?? auto };
    }
}

export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly resources: CapturedResource[] = [];
    readonly invokes: CapturedInvoke[] = [];
    /** URNs of every registered resource, filled in once the program has settled. */
    urns: string[] = [];

    constructor(readonly env: MockEnvironment) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const extra = computed(this.env, args.type, args.name, args.inputs);
        const state = { ...args.inputs, ...extra };
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, state });
        return { id: String(extra.id ?? `${args.name}-id`), state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        this.invokes.push({ token: args.token, inputs: args.inputs });
        const { partition, region, accountId } = this.env;
        switch (args.token) {
            case "aws:index/getPartition:getPartition":
                return {
                    id: partition,
                    partition,
                    dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
                    reverseDnsPrefix: partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
                };
            case "aws:index/getRegion:getRegion":
                return { id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { id: accountId, accountId, arn: `arn:${partition}:iam::${accountId}:user/mock`, userId: "AIDMOCK" };
            default:
                throw new Error(`unmocked invoke ${args.token}`);
        }
    }

    ofType(type: string): CapturedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    one(type: string): CapturedResource {
        const found = this.ofType(type);
        if (found.length !== 1) {
            throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
        }
        return found[0];
    }

    named(name: string): CapturedResource {
        const found = this.resources.find((r) => r.name === name);
        if (!found) throw new Error(`no resource named ${name}; have ${this.resources.map((r) => r.name).join(", ")}`);
        return found;
    }
}

/**
 * Runs `program` under mocks and collects the errors that fail the deployment after
 * the program returned: a resource whose input Output rejects is never registered,
 * and Pulumi reports the rejection (`pulumi up` prints it and exits non-zero).
 * Resources waiting on it never register either, so the run is over once the
 * registrations settle or a failure has been reported and the rest had time to register.
 */
export async function runCollectingFailures<T>(env: MockEnvironment, program: () => T): Promise<{ mocks: RecordingMocks; result: T; failures: string[] }> {
    const failures: string[] = [];
    const saved = process.listeners("unhandledRejection");
    const collect = (reason: unknown) => failures.push(reason instanceof Error ? reason.message : String(reason));
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", collect);
    try {
        const mocks = new RecordingMocks(env);
        await pulumi.runtime.setMocks(mocks, "streamingAnalytics", "test", false);
        const result = program();
        let settled = false;
        void settle(mocks).then(() => (settled = true));
        const sleep = () => new Promise((r) => setTimeout(r, 25));
        while (!settled && failures.length === 0) await sleep();
        // After a failure, give the resources that do not wait on it time to register.
        for (let i = 0; i < 20 && !settled; i++) await sleep();
        return { mocks, result, failures: [...new Set(failures)] };
    } finally {
        process.off("unhandledRejection", collect);
        for (const listener of saved) process.on("unhandledRejection", listener);
    }
}

/** Resolves an Output under mocks (never unknown there). */
export function resolve<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolvePromise) => output.apply((value) => resolvePromise(value)));
}

/**
 * Installs fresh mocks, runs `program`, and waits until every resource it registered
 * has been recorded. setMocks is process-global, so tests using this must not overlap.
 */
export async function runWithMocks<T>(
    env: MockEnvironment,
    program: () => T,
    options: { project?: string; stack?: string } = {},
): Promise<{ mocks: RecordingMocks; result: T }> {
    const mocks = new RecordingMocks(env);
    await pulumi.runtime.setMocks(mocks, options.project ?? "streamingAnalytics", options.stack ?? "test", false);
    const result = program();
    await settle(mocks);
    return { mocks, result };
}

/**
 * Waits for Pulumi's RPC queue (every registration and invoke) to drain. The queue
 * is only an internal export of @pulumi/pulumi, hence the require.
 */
async function settle(mocks: RecordingMocks): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs(): Promise<void>;
        getMonitor(): { resources?: Map<string, unknown> } | undefined;
    };
    await settings.waitForRPCs();
    mocks.urns = [...(settings.getMonitor()?.resources?.keys() ?? [])];
}

/** The type chain of a URN, e.g. `parentType$childType`. */
export function urnTypeChain(urn: string): string[] {
    return urn.split("::")[2].split("$");
}
