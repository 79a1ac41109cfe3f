import type { PipelineFacts } from "./facts.js";
import type { Probe } from "./requests.js";

/**
 * Which probes to run in which partition. A probe whose outcome depends on the
 * partition runs in both: every allowed one (the policy must name ARNs in the
 * stack's partition) and every denied one aimed at the other partition. A denied
 * probe about an action or resource the role is not granted gives the same answer in
 * any partition, so it runs once, in the partition named here.
 */
export const ONCE_IN_PARTITION = "aws-cn";

function partitionOf(resource: string): string | undefined {
    return resource.startsWith("arn:") ? resource.split(":")[1] : undefined;
}

/** The denied probes for this stack: the cross-partition ones always, the others once. */
export function deniedProbesFor(probes: Probe[], f: PipelineFacts): Probe[] {
    return probes.filter((p) => {
        const partition = partitionOf(p.build(f).resource);
        const crossPartition = partition !== undefined && partition !== f.env.partition;
        return crossPartition || f.env.partition === ONCE_IN_PARTITION;
    });
}
