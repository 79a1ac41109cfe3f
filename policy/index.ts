import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

/**
 * The streaming-analytics-pipeline policy pack:
 *
 *   cd policy && npm install && cd ..
 *   pulumi preview --policy-pack ./policy
 *
 * Every rule is mandatory: a violation fails the preview or update. The rules live in
 * ./rules (imported without `.js`: the policy runtime loads this file through
 * ts-node's CommonJS hook, which does not map `./rules.js` to `./rules.ts`).
 */
new PolicyPack("streaming-analytics-pipeline", {
    enforcementLevel: "mandatory",
    policies,
});
