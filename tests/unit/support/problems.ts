import { expect } from "chai";
import { PipelineArgsError, type ArgProblem } from "../../../components/index.js";

/** The PipelineArgsError `build` throws; fails the test when it throws nothing or something else. */
export function argsError(build: () => unknown): PipelineArgsError {
    let error: unknown;
    try {
        build();
    } catch (e) {
        error = e;
    }
    expect(error, "must throw a PipelineArgsError").to.be.instanceOf(PipelineArgsError);
    return error as PipelineArgsError;
}

/** The problem reported for `field`, with its value and rule, and the message line naming all three. */
export function expectProblem(err: PipelineArgsError, field: string, value: unknown, rule: RegExp): ArgProblem {
    const problem = err.problems.find((p) => p.field === field && JSON.stringify(p.value) === JSON.stringify(value));
    expect(problem, `a problem for ${field} = ${JSON.stringify(value)} in:\n${err.message}`).to.not.equal(undefined);
    expect(problem!.value).to.deep.equal(value);
    expect(problem!.rule).to.match(rule);
    expect(err.message).to.contain(`  - ${field} = ${JSON.stringify(value)}: `);
    return problem!;
}
