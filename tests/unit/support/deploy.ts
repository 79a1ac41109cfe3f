import { StreamingAnalyticsPipeline, tickerJob, type StreamingAnalyticsPipelineArgs } from "../../../components/index.js";
import { makeCodeZip, tempDir } from "./fixtures.js";
import { COMMERCIAL, runWithMocks, type MockEnvironment } from "./mocks.js";

/** One application zip for every test of a mocha process (its bytes are fixed). */
export const CODE_ZIP = makeCodeZip(tempDir("sap-code-"), "v1");

/** The ticker job on the test zip, with the rest of the args as given. */
export function tickerArgs(args: Partial<StreamingAnalyticsPipelineArgs> = {}): StreamingAnalyticsPipelineArgs {
    return { job: tickerJob({ code: CODE_ZIP }), ...args };
}

/** Builds the component under fresh mocks and waits until every child is registered. */
export async function deploy(args: Partial<StreamingAnalyticsPipelineArgs> = {}, env: MockEnvironment = COMMERCIAL, name = "pipe") {
    const { mocks, result } = await runWithMocks(env, () => new StreamingAnalyticsPipeline(name, tickerArgs(args)));
    return { mocks, pipeline: result };
}
