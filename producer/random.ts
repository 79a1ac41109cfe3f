/**
 * A seeded pseudo-random source, so that `--seed` makes a run reproducible.
 * Math.random cannot be seeded, hence this small generator (sfc32, seeded
 * through splitmix32 so that nearby seeds give unrelated sequences).
 */
export interface Random {
    /** A float in [0, 1). */
    next(): number;
}

/** Largest accepted seed: any non-negative safe integer. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

function splitmix32(state: number): () => number {
    let s = state >>> 0;
    return () => {
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
    };
}

/**
 * @param seed non-negative safe integer
 * @param stream selects an independent sequence for the same seed, so that
 *   e.g. random partition keys do not change the prices of a seeded run
 */
export function createRandom(seed: number, stream = 0): Random {
    if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    }
    const low = seed >>> 0;
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    const mix = splitmix32(low ^ Math.imul(high, 0x27d4eb2d) ^ Math.imul(stream + 1, 0x165667b1));
    let a = mix();
    let b = mix();
    let c = mix();
    let d = mix();
    const next = (): number => {
        const t = (((a + b) >>> 0) + d) >>> 0;
        d = (d + 1) >>> 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) >>> 0;
        c = (c << 21) | (c >>> 11);
        c = (c + t) >>> 0;
        return t / 2 ** 32;
    };
    // sfc32 needs a few rounds before its output looks random.
    for (let i = 0; i < 12; i++) next();
    return { next };
}

/** A standard normal variate (Box-Muller). */
export function nextGaussian(random: Random): number {
    const u = 1 - random.next(); // (0, 1], so log(u) is finite
    const v = random.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A fresh seed for runs that did not ask for one; reported so they can be repeated. */
export function randomSeed(): number {
    return Math.floor(Math.random() * 2 ** 32);
}
