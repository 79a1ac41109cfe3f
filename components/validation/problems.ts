/**
 * What a failed check reports, and the error the component throws with every
 * problem at once: `<field> = <value>: <rule>`, one line each.
 */

export interface ArgProblem {
    /** Dotted path of the arg the user set, e.g. `stream.shardCount` or `job.tables[1].prefix`. */
    field: string;
    value: unknown;
    /** What the value must satisfy. */
    rule: string;
    /** The value is a secret: the message shows `[secret]` instead. */
    secret?: boolean;
}

export function formatProblem(p: ArgProblem): string {
    return `${p.field} = ${p.secret ? "[secret]" : JSON.stringify(p.value)}: ${p.rule}`;
}

export class PipelineArgsError extends Error {
    constructor(
        readonly componentName: string,
        readonly problems: ArgProblem[],
        /** What the args were given to. @default `StreamingAnalyticsPipeline "<componentName>"` */
        subject = `StreamingAnalyticsPipeline "${componentName}"`,
    ) {
        super(
            `${subject}: invalid arguments:\n` +
                problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
        );
        this.name = "PipelineArgsError";
    }
}
