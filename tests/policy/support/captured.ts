import type { StackRun } from "../../unit/support/run-stack.js";
import type { ResourceInput, StackResourceInput } from "./harness.js";

/**
 * A captured stack run (tests/unit/support/captured-stacks.ts) as the policy engine would see it:
 * each resource's inputs for the resource rules, its outputs (the mocks'
 * state) for the stack rules, with the URNs the program registered.
 *
 * Mocks record no property dependencies, so in these stack inputs companions are
 * linked to their bucket by name only; tests/policy/s3-bucket-rules.test.ts covers
 * the dependency path.
 */

function urnOf(run: StackRun, type: string, name: string): string {
    const urn = run.urns.find((u) => u.endsWith(`::${name}`) && (u.includes(`::${type}::`) || u.includes(`$${type}::`)));
    if (!urn) throw new Error(`no URN for ${type} ${name}`);
    return urn;
}

export function resourceInputs(run: StackRun): ResourceInput[] {
    return run.resources
        .map((r) => ({ type: r.type, name: r.name, props: r.inputs, urn: urnOf(run, r.type, r.name) }));
}

export function stackInputs(run: StackRun): StackResourceInput[] {
    return run.resources
        .map((r) => ({ type: r.type, name: r.name, props: r.state, urn: urnOf(run, r.type, r.name) }));
}

/** A deep copy of the one resource of `type` in a run, to mutate into a violation. */
export function copyOf<T extends { type: string }>(items: T[], type: string): T {
    const found = items.filter((i) => i.type === type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return structuredClone(found[0]);
}
