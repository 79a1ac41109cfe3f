import type { PolicyDocument, PolicyStatement } from "../../../components/index.js";
import type { CapturedResource } from "./mocks.js";

export interface FoundPolicy {
    /** `<resource name>.<input>` */
    where: string;
    document: PolicyDocument;
}

const POLICY_INPUTS: Record<string, string[]> = {
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:iam/rolePolicy:RolePolicy": ["policy"],
    "aws:iam/policy:Policy": ["policy"],
    "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
    "aws:sns/topicPolicy:TopicPolicy": ["policy"],
};

/** Every IAM policy document in the captured resource inputs. Fails on a policy-bearing type it does not know. */
export function policiesIn(resources: CapturedResource[]): FoundPolicy[] {
    const found: FoundPolicy[] = [];
    for (const r of resources) {
        for (const input of POLICY_INPUTS[r.type] ?? []) {
            const raw = r.inputs[input];
            if (raw === undefined) continue;
            found.push({ where: `${r.name}.${input}`, document: typeof raw === "string" ? JSON.parse(raw) : raw });
        }
        for (const [key, value] of Object.entries(r.inputs)) {
            if (/polic/i.test(key) && !(POLICY_INPUTS[r.type] ?? []).includes(key) && typeof value === "string" && value.includes("Statement")) {
                throw new Error(`unexpected policy input ${r.type}.${key}; add it to POLICY_INPUTS`);
            }
        }
    }
    return found;
}

export function actionsOf(statement: PolicyStatement): string[] {
    const raw = (statement as unknown as { Action?: string | string[]; NotAction?: string | string[] });
    if (raw.NotAction !== undefined) throw new Error(`NotAction in ${statement.Sid}`);
    return ([] as string[]).concat(raw.Action ?? []);
}

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
    return ([] as PolicyStatement[]).concat(doc.Statement);
}
