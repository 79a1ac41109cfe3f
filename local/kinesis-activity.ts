/**
 * Which Kinesis API actions the emulator served, read from kinesis-local's
 * DEBUG log. The local pipeline uses it to see when the Flink job is polling,
 * and to record exactly which calls the connector makes, which is what the IAM
 * policy of the deployed application must allow.
 */
export class KinesisActivity {
    private readonly seen = new Map<string, number>();
    private readonly waiters: { action: string; resolve: () => void }[] = [];
    private recording: Set<string> | undefined;

    /** Feed each emulator log line here. */
    observe(line: string): void {
        // kinesis-local logs one "Assembled headers" line per request, tagged action=<Name>.
        const match = /action=([A-Za-z]+) Assembled headers/.exec(line);
        if (!match) return;
        const action = match[1];
        this.seen.set(action, (this.seen.get(action) ?? 0) + 1);
        this.recording?.add(action);
        for (const waiter of this.waiters.filter((w) => w.action === action)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve();
        }
    }

    /** Starts collecting the actions seen from now on (e.g. while only the job talks to the emulator). */
    startRecording(): void {
        this.recording = new Set();
    }

    /** Stops collecting and returns the actions seen since startRecording(), sorted. */
    stopRecording(): string[] {
        const actions = [...(this.recording ?? [])].sort();
        this.recording = undefined;
        return actions;
    }

    count(action: string): number {
        return this.seen.get(action) ?? 0;
    }

    /** Resolves at the next request of that action (or at once if one was seen already). */
    next(action: string): Promise<void> {
        if (this.count(action) > 0) return Promise.resolve();
        return new Promise((resolve) => this.waiters.push({ action, resolve }));
    }
}
