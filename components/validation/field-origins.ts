/**
 * Which arg the user set for a field of a job descriptor. A factory such as
 * `tickerJob()` fills descriptor fields from its own options; it records here that,
 * say, `tables[0].prefix` came from `tickerJob.outputPrefix`, so a problem with the
 * descriptor names the option the user set. A descriptor written by hand (or copied)
 * has no origins, and problems name its own fields: `job.tables[0].prefix`.
 */

/** Descriptor path prefix (e.g. `tables[0].partitionKeys[0].projection.values`) -> the user's field. */
export type FieldOrigins = Record<string, string>;

const origins = new WeakMap<object, FieldOrigins>();

export function recordFieldOrigins(descriptor: object, map: FieldOrigins): void {
    origins.set(descriptor, { ...(origins.get(descriptor) ?? {}), ...map });
}

/** Names a descriptor field as the user set it: the longest recorded prefix wins, the rest of the path is kept. */
export function fieldNamer(descriptor: object | undefined): (path: string) => string {
    const map = (descriptor && origins.get(descriptor)) ?? {};
    const prefixes = Object.keys(map).sort((a, b) => b.length - a.length);
    return (path) => {
        const prefix = prefixes.find((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
        return prefix === undefined ? `job.${path}` : `${map[prefix]}${path.slice(prefix.length)}`;
    };
}
