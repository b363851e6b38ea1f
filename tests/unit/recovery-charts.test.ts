/**
 * The check-in charts as the server draws them: each measure on an axis of its own, real axes with
 * labels, and a narrow drawing that fits a phone's width with today in view.
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, HorizontalBarChart } from "../../app/components/bar-chart";
import { MilestoneChip } from "../../app/components/chip";
import { CheckinCalendar, DAILY_NARROW, DAILY_WIDE, DailyLineChart, TaperStepChart } from "../../app/components/recovery-charts";
import { addDays } from "../../app/utils/sobriety";

const days = Array.from({ length: 30 }, (_, i) => addDays("2026-11-01", i));
const mood = days.map((_, i) => (i === 0 ? 1 : i === 29 ? 5 : i % 7 === 3 ? null : 3));

function draw(values: (number | null)[], min: number, max: number) {
  const ticks = [min, max].map((value) => ({ value, label: String(value) }));
  return renderToString(createElement(DailyLineChart, { id: "c", title: "Mood", description: "d", days, min, max, ticks, series: [{ label: "Mood", tone: "primary", values }] }));
}

/** The dots' heights in one drawing (wide or narrow), in the order drawn. */
function dotHeights(html: string, name: "wide" | "narrow"): number[] {
  const svg = html.match(new RegExp(`<svg class="chart chart--${name}"[^]*?</svg>`))![0];
  return [...svg.matchAll(/<circle[^>]*cy="([\d.]+)"/g)].map((m) => Number(m[1]));
}

describe("the daily check-in charts", () => {
  it("draw mood on its own 1–5 axis: 5 at the top, 1 at the bottom (not on the 0–10 cravings scale)", () => {
    const html = draw(mood, 1, 5);
    const heights = dotHeights(html, "wide");
    expect(heights[0]).toBeCloseTo(DAILY_WIDE.height - 28, 0); // mood 1: the bottom of the plot
    expect(heights[heights.length - 1]).toBeCloseTo(14, 0); // mood 5: the top
    const cravings = draw(
      days.map(() => 10),
      0,
      10,
    );
    expect(dotHeights(cravings, "wide").every((y) => Math.abs(y - 14) < 0.5)).toBe(true);
  });

  it("come as a wide drawing and a narrow one that fits a phone, both labelling today, with no sideways scrolling box", () => {
    const html = draw(mood, 1, 5);
    expect(html).toContain(`viewBox="0 0 ${DAILY_WIDE.width} ${DAILY_WIDE.height}"`);
    expect(html).toContain(`viewBox="0 0 ${DAILY_NARROW.width} ${DAILY_NARROW.height}"`);
    expect(html.match(/>Today<\/text>/g)).toHaveLength(2);
    expect(html).not.toContain("chart-scroll");
    expect(html).not.toContain("tabindex");
    // Axes with labels, and one accessible name per drawing (ids never repeat).
    expect(html.match(/class="chart__axis"/g)).toHaveLength(4);
    expect(html).toContain('id="c-wide-title"');
    expect(html).toContain('id="c-narrow-title"');
    // A day without a check-in breaks the line instead of drawing a false value.
    expect(dotHeights(html, "narrow")).toHaveLength(mood.filter((m) => m !== null).length);
  });
});

/** fill= and stroke= attributes holding a colour of their own (not a theme role's currentColor, none or a class). */
function ownColours(html: string): string[] {
  return [...html.matchAll(/(?:fill|stroke)="([^"]*)"/g)].map((m) => m[1]!).filter((v) => v !== "none" && v !== "currentColor");
}

describe("charts and chips in both themes", () => {
  it("draw in the colour roles of theme.css (classes and currentColor), never a colour of their own", () => {
    const drawings = {
      daily: draw(mood, 1, 5),
      calendar: renderToString(createElement(CheckinCalendar, { id: "cal", days: days.map((day, i) => ({ day, checkedIn: i % 2 === 0, meeting: i % 4 === 0 })) })),
      taper: renderToString(
        createElement(TaperStepChart, {
          id: "t",
          medication: "Diazepam",
          steps: [
            { fromDate: "2026-11-01", doseMg: 10 },
            { fromDate: "2026-11-15", doseMg: 8 },
          ],
          until: "2026-11-30",
        }),
      ),
      bars: renderToString(createElement(BarChart, { id: "b", title: "Posts", yTitle: "Posts", xTitle: "Day", bars: [{ label: "Nov 1", value: 3 }] })),
      reasons: renderToString(createElement(HorizontalBarChart, { id: "h", title: "Reasons", bars: [{ label: "Spam", value: 2, accent: true }] })),
      upcomingChip: renderToString(createElement(MilestoneChip, { label: "90 days", color: "red", earned: false })),
    };
    for (const [name, html] of Object.entries(drawings)) expect(ownColours(html), name).toEqual([]);
    expect(drawings.calendar).toContain('class="chart__day chart__day--checked"');
    expect(drawings.daily).toContain('class="chart__series--primary"');
  });

  it("keep an earned chip in the real chip's colours, the same in both themes", () => {
    const html = renderToString(createElement(MilestoneChip, { label: "90 days", color: "red" }));
    expect(ownColours(html)).toContain("#c6373c");
  });
});
