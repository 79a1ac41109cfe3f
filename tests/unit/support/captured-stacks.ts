import { environmentForRegion, type MockEnvironment } from "./mocks.js";
import { makeCodeZip, tempDir } from "./fixtures.js";
import { stackConfig, type StackRun } from "./run-stack.js";
import { runStackProcess } from "./stack-process.js";

/**
 * The resources of the real Pulumi program (stacks/index.ts) under mocks, for both
 * stack files. The IAM simulation and the policy-pack tests both work on these, so
 * what they check is what `pulumi up` would send, not a hand-written copy.
 *
 * Each stack runs in a child process (Pulumi mocks and config are process-global),
 * through tests/unit/support/run-stack.ts. The runs are memoized: every test file
 * in one mocha process shares them.
 */

const NS = "streamingAnalytics";

/** The two stack files: commercial (us-east-1) and AWS China (cn-north-1). */
export const STACKS = ["dev", "cn-north-1"] as const;
export type StackName = (typeof STACKS)[number];

/**
 * `defaults`: the stack file as committed (projection catalog, polling reader,
 * AWS-managed stream key, no alarm e-mail).
 * `options`: every optional branch that changes IAM or resources switched on: crawler
 * catalog, EFO reader, a customer-managed stream key, the alarm topic.
 */
export const VARIANTS = ["defaults", "options"] as const;
export type Variant = (typeof VARIANTS)[number];

export interface CapturedStack {
    stack: StackName;
    variant: Variant;
    /** The partition, region and account the mocks answered with. */
    env: MockEnvironment;
    run: StackRun;
}

/** A customer-managed key in the stack's own partition, region and account. */
export function customerKeyArn(env: MockEnvironment, keyId = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"): string {
    return `arn:${env.partition}:kms:${env.region}:${env.accountId}:key/${keyId}`;
}

export function stackEnvironment(stack: StackName): MockEnvironment {
    const region = stackConfig(stack)["aws:region"];
    if (!region) throw new Error(`Pulumi.${stack}.yaml sets no aws:region`);
    return environmentForRegion(region);
}

function overridesFor(variant: Variant, env: MockEnvironment, code: string): Record<string, string> {
    const base = { [`${NS}:code`]: code };
    if (variant === "defaults") return base;
    return {
        ...base,
        [`${NS}:catalogMode`]: "crawler",
        [`${NS}:readerType`]: "EFO",
        [`${NS}:streamKmsKeyArn`]: customerKeyArn(env),
        [`${NS}:alarmEmail`]: "ops@example.com",
    };
}

async function captureStack(stack: string, overrides: Record<string, string>): Promise<StackRun> {
    const result = await runStackProcess(stack, overrides);
    if (result.code !== 0) throw new Error(`stack ${stack} failed (${result.code}):\n${result.stderr}`);
    return JSON.parse(result.stdout) as StackRun;
}

let captured: Promise<CapturedStack[]> | undefined;

/** Both stacks in both variants, run once per mocha process. */
export function capturedStacks(): Promise<CapturedStack[]> {
    captured ??= (async () => {
        const code = makeCodeZip(tempDir("sap-iam-"));
        const jobs = STACKS.flatMap((stack) =>
            VARIANTS.map(async (variant): Promise<CapturedStack> => {
                const env = stackEnvironment(stack);
                const run = await captureStack(stack, overridesFor(variant, env, code));
                return { stack, variant, env, run };
            }),
        );
        return Promise.all(jobs);
    })();
    return captured;
}

export async function capturedStack(stack: StackName, variant: Variant): Promise<CapturedStack> {
    const found = (await capturedStacks()).find((c) => c.stack === stack && c.variant === variant);
    if (!found) throw new Error(`no captured run for ${stack}/${variant}`);
    return found;
}
