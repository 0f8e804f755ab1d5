/**
 * Backup/snapshot (daily) and maintenance (weekly) windows, in the UTC formats RDS and ElastiCache take:
 * daily `hh24:mi-hh24:mi`, weekly `ddd:hh24:mi-ddd:hh24:mi`. AWS rejects overlapping backup and maintenance
 * windows and windows shorter than a minimum, so both are checked before anything is created.
 */

export const DAILY_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
export const WEEKLY_WINDOW =
  /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY = 24 * 60;
const WEEK = 7 * DAY;

/** A window as [start, end) minutes within a period; `end` may exceed the period when the window wraps. */
interface MinuteRange {
  start: number;
  end: number;
  period: number;
}

function span(start: number, end: number, period: number): MinuteRange {
  return { start, end: end > start ? end : end + period, period };
}

export function parseDailyWindow(window: string): MinuteRange {
  const m = DAILY_WINDOW.exec(window);
  if (!m) throw new Error(`expected a daily UTC window hh24:mi-hh24:mi, got ${JSON.stringify(window)}`);
  return span(Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4]), DAY);
}

export function parseWeeklyWindow(window: string): MinuteRange {
  const m = WEEKLY_WINDOW.exec(window);
  if (!m) throw new Error(`expected a weekly UTC window ddd:hh24:mi-ddd:hh24:mi, got ${JSON.stringify(window)}`);
  const at = (d: string, h: string, mi: string) => DAYS.indexOf(d) * DAY + Number(h) * 60 + Number(mi);
  return span(at(m[1], m[2], m[3]), at(m[4], m[5], m[6]), WEEK);
}

export function durationMinutes(r: MinuteRange): number {
  return r.end - r.start;
}

/** Intervals of `r` unrolled over one week (a daily window occurs seven times, a wrapping one is split). */
function weekIntervals(r: MinuteRange): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let offset = 0; offset < WEEK; offset += r.period) {
    const s = r.start + offset;
    const e = r.end + offset;
    if (e <= WEEK) out.push([s, e]);
    else out.push([s, WEEK], [0, e - WEEK]);
  }
  return out;
}

/** True when a daily window and a weekly window share at least one minute. */
export function windowsOverlap(daily: string, weekly: string): boolean {
  const a = weekIntervals(parseDailyWindow(daily));
  const b = weekIntervals(parseWeeklyWindow(weekly));
  return a.some(([s1, e1]) => b.some(([s2, e2]) => s1 < e2 && s2 < e1));
}
