import type { EventClock } from "./event-time.js";
import { createRandom, nextGaussian, type Random } from "./random.js";
import { formatEventTime, type TimeFormat } from "./time-format.js";

/** One record on the stream, shaped like the seed's: `{event_time, ticker, price}`. */
export interface TickerEvent {
    event_time: string;
    ticker: string;
    price: number;
}

export const DEFAULT_TICKERS: readonly string[] = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"];

/** Starting prices are drawn from this range, in currency units. */
const START_PRICE_MIN = 20;
const START_PRICE_MAX = 500;
/** Standard deviation of one step of a ticker's log-price. */
const STEP_VOLATILITY = 0.002;
const MIN_PRICE = 0.01;

export interface EventGeneratorOptions {
    seed: number;
    tickers: readonly string[];
    clock: EventClock;
    timeFormat: TimeFormat;
}

/**
 * Generates ticker events. Each event picks a ticker uniformly (as the seed
 * did) and moves that ticker's price one step of a geometric random walk, so
 * prices stay positive and look like a market rather than noise.
 * Everything except wall-clock times is a function of the seed.
 */
export class EventGenerator {
    private readonly random: Random;
    private readonly prices: number[];
    private index = 0;

    constructor(private readonly options: EventGeneratorOptions) {
        if (options.tickers.length === 0) {
            throw new RangeError("tickers must not be empty");
        }
        this.random = createRandom(options.seed);
        this.prices = options.tickers.map(
            () => START_PRICE_MIN + this.random.next() * (START_PRICE_MAX - START_PRICE_MIN),
        );
    }

    /** How many events have been generated so far. */
    get generated(): number {
        return this.index;
    }

    next(): TickerEvent {
        const i = Math.floor(this.random.next() * this.options.tickers.length);
        // The walk keeps full precision; only the emitted price is rounded.
        this.prices[i] *= Math.exp(STEP_VOLATILITY * nextGaussian(this.random));
        const event: TickerEvent = {
            event_time: formatEventTime(this.options.clock(this.index), this.options.timeFormat),
            ticker: this.options.tickers[i],
            price: Math.max(MIN_PRICE, Math.round(this.prices[i] * 100) / 100),
        };
        this.index++;
        return event;
    }
}
