import { KoreError } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * `500ms`, `30s`, `5m`, `2h`, `1.5m`; a bare number means seconds. Returns milliseconds, or undefined when the
 * text is not a duration. The one parser for every flag, setting and simulator option.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNITS[(match[2] ?? 's').toLowerCase()]!);
}

/** `850 ms`, `12.5 s`, `4.2 min`, `2.1 h`: how long something took or may take, for people. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}

/** How a host's duration setting is read: its unit (a bare number's), and whether 0 is allowed. */
export interface DurationSettingRule {
  /** Named in the error's `field`. */
  field: string;
  /** Named in the error's text instead of `field` (a label the user sees); `field` by default. */
  label?: string;
  unit: 'seconds' | 'minutes';
  /** 0 is a valid value (e.g. a timeout of 0 checks once); otherwise it must be more than 0. */
  allowZero?: boolean;
}

const UNIT_MS = { seconds: 1_000, minutes: 60_000 } as const;

/**
 * A setting typed into a host's form (a number, or text such as `90`, `1.5`, `30s` or `5m`) as milliseconds;
 * blank (undefined, null, '') is undefined. Anything else is INVALID_INPUT naming the setting and its unit.
 */
export function durationSetting(value: unknown, rule: DurationSettingRule): number | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  let ms: number | undefined;
  if (typeof value === 'number') ms = Number.isFinite(value) && value >= 0 ? Math.round(value * UNIT_MS[rule.unit]) : undefined;
  else if (typeof value === 'string') {
    const text = value.trim();
    ms = /^\d+(?:\.\d+)?$/.test(text) ? Math.round(Number(text) * UNIT_MS[rule.unit]) : parseDuration(text);
  }
  if (ms === undefined || (!rule.allowZero && ms === 0)) {
    const bound = rule.allowZero ? '>= 0' : 'greater than 0';
    throw new KoreError('INVALID_INPUT', `${rule.label ?? rule.field} must be a number of ${rule.unit} ${bound} (got ${JSON.stringify(value)})`, { field: rule.field });
  }
  return ms;
}
