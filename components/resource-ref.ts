import type * as pulumi from "@pulumi/pulumi";

/**
 * A resource the pipeline uses, created by the component or given by the user
 * (`existingArn`, `existingName`): its name and ARN either way, plus `Created`, the
 * resources the component made for it, which are undefined for an existing one.
 */
export type ResourceRef<Created extends object> = Created & {
    name: pulumi.Output<string>;
    arn: pulumi.Output<string>;
};
