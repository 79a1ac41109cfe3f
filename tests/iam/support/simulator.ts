import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../../components/index.js";

/**
 * One request through @cloud-copilot/iam-simulate (AGPL-3.0: a devDependency, used
 * only here, never shipped). The simulator validates the request (the action exists,
 * the ARN is of a resource type the action takes, context keys fit) and returns an
 * error instead of a decision when it does not; that error fails the test, so a
 * typo in a probe cannot pass as "denied".
 */

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export interface SimRequest {
    action: string;
    resource: string;
    /** Request context keys, e.g. `s3:prefix`. `aws:SecureTransport` defaults to "true". */
    context?: Record<string, string | string[]>;
    /**
     * Set (with the reason) when the simulator's data cannot express the ARN AWS
     * really authorizes against; the request then runs without input validation.
     */
    unvalidatedBecause?: string;
}

export interface SimPrincipal {
    /** The session ARN, e.g. arn:aws-cn:sts::<account>:assumed-role/<role>/<session>, or a service principal. */
    principal: string;
    accountId: string;
    /** The principal's identity policy; none for a service principal. */
    identityPolicy?: PolicyDocument;
}

/** The account a resource ARN belongs to; S3 ARNs carry none, so the caller's is assumed. */
function resourceAccount(arn: string, fallback: string): string {
    const account = arn.split(":")[4];
    return account && /^\d{12}$/.test(account) ? account : fallback;
}

export async function decide(who: SimPrincipal, request: SimRequest, resourcePolicy?: PolicyDocument): Promise<Decision> {
    const simulation: Simulation = {
        request: {
            principal: who.principal,
            action: request.action,
            resource: { resource: request.resource, accountId: resourceAccount(request.resource, who.accountId) },
            contextVariables: { "aws:SecureTransport": "true", ...(request.context ?? {}) },
        },
        identityPolicies: who.identityPolicy ? [{ name: "identity", policy: who.identityPolicy }] : [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy,
    };
    if (request.unvalidatedBecause !== undefined) {
        return runUnsafeSimulation(simulation, {}) as Decision;
    }
    const result = await runSimulation(simulation, {});
    if (result.resultType === "error") {
        throw new Error(
            `simulation of ${request.action} on ${request.resource} rejected: ${JSON.stringify(result.errors)}`,
        );
    }
    return result.overallResult as Decision;
}
