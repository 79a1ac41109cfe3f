import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";

/**
 * Calls policy rules the way the policy server (@pulumi/policy/server.js) does, without
 * a PolicyPack (whose constructor starts a gRPC server that never exits): props behind
 * the same unknown-checking proxy, `isType` by the class's Pulumi type token,
 * `notApplicable` by throwing, violations collected.
 */

export interface Outcome {
    violations: { message: string; urn?: string }[];
    /** Set when the rule declared itself not applicable. */
    notApplicable?: string;
}

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "not applicable");
}

/** As the server's isTypeOf: the class's __pulumiType, or its isInstance. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
    if (typeof cls.__pulumiType === "string" && cls.__pulumiType.length > 0) return cls.__pulumiType === type;
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

const NO_OPTS = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

export interface ResourceInput {
    type: string;
    name: string;
    /** The resource's inputs, as the engine sends them before create or update. */
    props: Record<string, unknown>;
    urn?: string;
}

export function resourceArgs(input: ResourceInput): ResourceValidationArgs {
    const props = unknownCheckingProxy(input.props) as Record<string, any>;
    return {
        type: input.type,
        name: input.name,
        urn: input.urn ?? `urn:pulumi:test::test::${input.type}::${input.name}`,
        props,
        opts: NO_OPTS,
        stackTags: new Map(),
        isType: (cls) => isTypeOf(input.type, cls),
        asType: ((cls: unknown) => (isTypeOf(input.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => ({}) as T,
        notApplicable,
    };
}

export async function runResourceRule(rule: ResourceValidationPolicy, input: ResourceInput): Promise<Outcome> {
    const outcome: Outcome = { violations: [] };
    const validations = ([] as unknown[]).concat(rule.validateResource ?? []) as ((a: ResourceValidationArgs, r: (m: string, u?: string) => void) => unknown)[];
    let applicable = false;
    for (const validate of validations) {
        try {
            await validate(resourceArgs(input), (message, urn) => outcome.violations.push({ message, urn }));
            applicable = true;
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
            outcome.notApplicable ??= e.message;
        }
    }
    // With several validations (one per type), the rule applies if any of them did.
    if (applicable) delete outcome.notApplicable;
    return outcome;
}

export interface StackResourceInput {
    type: string;
    name: string;
    /** The resource's outputs, as the engine sends them after preview or update. */
    props: Record<string, unknown>;
    urn?: string;
    /** Property name -> URNs of the resources that property's value came from. */
    propertyDependencies?: Record<string, string[]>;
}

/** PolicyResources linked to each other by URN, as the server builds them. */
export function stackResources(inputs: StackResourceInput[]): PolicyResource[] {
    const resources = inputs.map((input): PolicyResource => {
        const props = unknownCheckingProxy(input.props) as Record<string, any>;
        return {
            type: input.type,
            name: input.name,
            urn: input.urn ?? `urn:pulumi:test::test::${input.type}::${input.name}`,
            props,
            opts: NO_OPTS,
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(input.type, cls),
            asType: ((cls: unknown) => (isTypeOf(input.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
    });
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    inputs.forEach((input, i) => {
        for (const [property, urns] of Object.entries(input.propertyDependencies ?? {})) {
            resources[i].propertyDependencies[property] = urns.map((u) => byUrn.get(u)).filter((r): r is PolicyResource => !!r);
        }
    });
    return resources;
}

export async function runStackRule(rule: StackValidationPolicy, resources: PolicyResource[]): Promise<Outcome> {
    const outcome: Outcome = { violations: [] };
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable,
    };
    try {
        await rule.validateStack(args, (message, urn) => outcome.violations.push({ message, urn }));
    } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
        outcome.notApplicable = e.message;
    }
    return outcome;
}

export function isStackRule(rule: ResourceValidationPolicy | StackValidationPolicy): rule is StackValidationPolicy {
    return typeof (rule as StackValidationPolicy).validateStack === "function";
}
