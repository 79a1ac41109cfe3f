import { expect } from "chai";
import { DEFAULT_RETRY_POLICY, OptionError, resolveOptions } from "../../producer/index.js";

describe("producer options", () => {
    it("keeps the default of a retry field given as undefined", () => {
        // { maxAttempts: undefined } once dropped the attempt bound, leaving only the time bound.
        for (const field of Object.keys(DEFAULT_RETRY_POLICY)) {
            const { retry } = resolveOptions({ streamName: "s", retry: { [field]: undefined } });
            expect(retry, field).to.deep.equal(DEFAULT_RETRY_POLICY);
        }
    });

    it("takes the retry fields that are given and defaults the rest", () => {
        const { retry } = resolveOptions({ streamName: "s", retry: { maxAttempts: 3, maxRetrySeconds: undefined } });
        expect(retry).to.deep.equal({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3 });
    });

    it("still rejects a bad retry field", () => {
        expect(() => resolveOptions({ streamName: "s", retry: { maxAttempts: 0 } }))
            .to.throw(OptionError, /^retry.maxAttempts 0: must be a whole number from 1 to 1000$/);
    });
});
