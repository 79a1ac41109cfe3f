import type { PolicyDocument } from "../../../components/index.js";
import * as arn from "./arns.js";
import type { PipelineFacts, RoleFacts } from "./facts.js";
import { defaultKeyPolicy } from "./key-policy.js";
import { decide, type Decision, type SimRequest } from "./simulator.js";

/**
 * A probe as one of the pipeline's roles: its inline policy is the identity policy,
 * and the resource's own policy applies where AWS would apply one.
 */

export interface Probe {
    label: string;
    build(f: PipelineFacts): SimRequest;
}

/**
 * The pipeline bucket's policy applies to requests on the bucket and its objects; a KMS
 * key of the account carries the default key policy; nothing else has a resource policy.
 */
function resourcePolicyFor(f: PipelineFacts, resource: string): PolicyDocument | undefined {
    const bucket = arn.s3Bucket(f.env, f.bucketName);
    if (resource === bucket || resource.startsWith(`${bucket}/`)) return f.bucketPolicy;
    const [, partition, service, , account] = resource.split(":");
    if (service === "kms" && account === f.env.accountId) return defaultKeyPolicy(partition, account);
    return undefined;
}

export async function decideAs(
    role: RoleFacts,
    f: PipelineFacts,
    probe: Probe,
    extraContext: Record<string, string> = {},
): Promise<Decision> {
    const request = probe.build(f);
    return decide(
        { principal: role.sessionArn, accountId: f.env.accountId, identityPolicy: role.policy },
        { ...request, context: { ...(request.context ?? {}), ...extraContext } },
        resourcePolicyFor(f, request.resource),
    );
}
