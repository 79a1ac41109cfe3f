import * as fs from "node:fs";
import type { WindowStats } from "./expected-windows.js";

/**
 * A PNG line chart of the per-window average price per ticker: vega-lite
 * compiles the spec, vega draws it as SVG without a browser, resvg rasterizes.
 */
export async function writePriceChart(windows: readonly WindowStats[], file: string): Promise<void> {
    // ESM-only packages, loaded from this CommonJS module.
    const vegaLite = await import("vega-lite");
    const vega = await import("vega");
    const { Resvg } = await import("@resvg/resvg-js");

    const spec = {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Average price per ticker, per window (UTC)",
        width: 720,
        height: 360,
        data: { values: windows.map((w) => ({ window_start: w.windowStartMs, ticker: w.ticker, avg_price: w.avgPrice })) },
        mark: { type: "line", point: true },
        encoding: {
            x: { field: "window_start", type: "temporal", scale: { type: "utc" }, axis: { format: "%H:%M", tickCount: { interval: "minutes", step: 1 }, title: "window start" } },
            y: { field: "avg_price", type: "quantitative", scale: { zero: false }, title: "average price" },
            color: { field: "ticker", type: "nominal" },
        },
    } as const;
    const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    const svg = await view.toSVG();
    view.finalize();
    const png = new Resvg(svg, {
        background: "white",
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    })
        .render()
        .asPng();
    fs.writeFileSync(file, png);
}
