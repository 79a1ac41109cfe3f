import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "./policies.js";

export interface ServiceRole {
    role: aws.iam.Role;
    /** Depend on this, not the role, before using the role: it carries the permissions. */
    policy: aws.iam.RolePolicy;
}

/**
 * A role for one AWS service with one inline policy. Inline, because the permissions
 * belong to this role alone and should disappear with it.
 */
export function createServiceRole(
    name: string,
    trust: pulumi.Output<PolicyDocument>,
    permissions: pulumi.Output<PolicyDocument>,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    parent: pulumi.Resource,
): ServiceRole {
    const role = new aws.iam.Role(
        name,
        { assumeRolePolicy: trust.apply((doc) => JSON.stringify(doc)), tags },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-policy`,
        { role: role.id, policy: permissions.apply((doc) => JSON.stringify(doc)) },
        { parent },
    );
    return { role, policy };
}
