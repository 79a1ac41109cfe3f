import type { PolicyDocument } from "../../../components/index.js";

/**
 * The default key policy AWS gives a customer-managed key created without one. KMS
 * honours IAM policies only when the key policy delegates to the account like this;
 * the component does not manage the key, so the simulation assumes this default
 * (docs/operations.md tells users who write their own key policy to keep it).
 */
export function defaultKeyPolicy(partition: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Enable IAM User Permissions",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: ["kms:*"],
                Resource: ["*"],
            },
        ],
    };
}
