import { KoreError } from '../src/errors.js';
import { parseTrainingStatus } from '../src/status.js';
import { readSeen, seenOf, shouldFire, triggerOnSetting, watchKey, watchTraining, writeSeen, type Seen, type TriggerOn } from '../src/training-watch.js';

const BOT = { botId: 'st-1', state: 'configured' };
const status = (trainingStatus: string, trainVersion?: number) =>
  parseTrainingStatus({ trainingStatus, ...(trainVersion === undefined ? {} : { trainDetails: { trainVersion } }) });
const seen = (text: string, trainVersion?: number): Seen => ({ watching: watchKey(BOT), status: text, ...(trainVersion === undefined ? {} : { trainVersion }) });

describe('triggerOnSetting', () => {
  it('takes the four choices, blank as "ended"', () => {
    for (const on of ['ended', 'finished', 'failed', 'statusChange']) expect(triggerOnSetting(on)).toBe(on);
    expect(triggerOnSetting(undefined)).toBe('ended');
    expect(triggerOnSetting('')).toBe('ended');
  });

  it('refuses anything else as INVALID_INPUT naming the field', () => {
    expect(() => triggerOnSetting('whenever', 'event')).toThrow(KoreError);
    try {
      triggerOnSetting(3);
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'triggerOn', message: 'triggerOn must be one of "ended", "finished", "failed", "statusChange" (got 3)' });
    }
  });
});

describe('shouldFire', () => {
  it('only records a baseline on the first poll, or after the watched bot changed', () => {
    expect(shouldFire(undefined, seen('Finished'), 'ended')).toBe(false);
    expect(shouldFire({ ...seen('Inprogress'), watching: 'st-2||configured' }, seen('Finished'), 'ended')).toBe(false);
  });

  it('fires on a change of status, by the event chosen', () => {
    const cases: Array<[TriggerOn, string, boolean]> = [
      ['ended', 'Finished', true], ['ended', 'Failed', true], ['ended', 'Inprogress', false],
      ['finished', 'Finished', true], ['finished', 'Failed', false],
      ['failed', 'Failed', true], ['failed', 'Finished', false],
      ['statusChange', 'Inprogress', true], ['statusChange', 'Queued-by-a-later-Kore.ai', true],
    ];
    for (const [on, now, fires] of cases) expect([on, now, shouldFire(seen('Other'), seen(now), on)]).toEqual([on, now, fires]);
  });

  it('treats a new trainVersion with the same status as a new training, and no change as none', () => {
    expect(shouldFire(seen('Finished', 3), seen('Finished', 4), 'finished')).toBe(true);
    expect(shouldFire(seen('Finished', 3), seen('Finished', 3), 'statusChange')).toBe(false);
  });
});

describe('the stored record', () => {
  it('is read only in its own shape', () => {
    expect(readSeen({})).toBeUndefined();
    expect(readSeen({ watching: 'x', status: 5 })).toBeUndefined();
    expect(readSeen({ watching: 'x', status: 'Finished', trainVersion: Number.NaN })).toEqual({ watching: 'x', status: 'Finished' });
    expect(readSeen({ watching: 'x', status: 'Finished', trainVersion: 2 })).toEqual({ watching: 'x', status: 'Finished', trainVersion: 2 });
  });

  it('is written field by field into the same object, dropping a version no longer seen', () => {
    const data: Record<string, unknown> = { other: 1, trainVersion: 7 };
    writeSeen(data, seen('Inprogress'));
    expect(data).toEqual({ other: 1, watching: 'st-1||configured', status: 'Inprogress' });
  });

  it('is made from a status answer and its target', () => {
    expect(seenOf({ botId: 'st-9', language: 'de' }, status('Finished', 5))).toEqual({ watching: 'st-9|de|configured', status: 'Finished', trainVersion: 5 });
  });
});

describe('watchTraining', () => {
  it('baselines, then fires once per training, keeping the record in the host object', () => {
    const data: Record<string, unknown> = {};
    expect(watchTraining(data, BOT, status('Finished', 1), 'ended')).toMatchObject({ fire: false, current: seen('Finished', 1) });
    expect(watchTraining(data, BOT, status('Inprogress', 1), 'ended').fire).toBe(false);
    const ended = watchTraining(data, BOT, status('Failed', 2), 'ended');
    expect(ended).toEqual({ fire: true, previous: seen('Inprogress', 1), current: seen('Failed', 2) });
    expect(watchTraining(data, BOT, status('Failed', 2), 'ended').fire).toBe(false);
    expect(data).toEqual({ watching: 'st-1||configured', status: 'Failed', trainVersion: 2 });
  });
});
