import { expect } from "chai";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../producer/index.js";

const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 5000 };
/** Just under 1: the top of the jitter range. */
const top = () => 1 - 2 ** -20;

describe("producer backoff", () => {
    it("doubles the ceiling with each retry", () => {
        const ceilings = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(policy, retry, top) + 1);
        expect(ceilings).to.deep.equal([100, 200, 400, 800, 1600, 3200]);
    });

    it("never goes past maxDelayMs", () => {
        for (const retry of [7, 8, 20, 1000]) {
            expect(backoffDelayMs(policy, retry, top), `retry ${retry}`).to.equal(4999);
        }
    });

    it("draws the delay uniformly from [0, ceiling) (full jitter)", () => {
        expect(backoffDelayMs(policy, 3, () => 0)).to.equal(0);
        expect(backoffDelayMs(policy, 3, () => 0.25)).to.equal(100);
        expect(backoffDelayMs(policy, 3, () => 0.5)).to.equal(200);
        expect(backoffDelayMs(policy, 3, top)).to.equal(399);
        for (let i = 0; i < 200; i++) {
            expect(backoffDelayMs(policy, 4)).to.be.within(0, 799);
        }
    });
});
