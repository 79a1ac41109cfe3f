import { sleep } from "./sleep.js";

/**
 * A pause shared by all senders. When Kinesis throttles one batch, starting
 * new batches right away would only be throttled too, so the dispatcher waits
 * here until the latest requested pause is over.
 */
export class ThrottleGate {
    private pausedUntil = 0;

    pauseFor(ms: number): void {
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    }

    async wait(): Promise<void> {
        for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
            await sleep(wait);
        }
    }
}
