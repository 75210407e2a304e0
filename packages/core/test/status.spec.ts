import { KoreError, parseStartTraining, parseTrainingStatus, trainingPhase } from '../src/index.js';

// The three sample answers of the API document, verbatim.
const SEED_FINISHED = {
  trainingStatus: 'Finished', isMlInSyncWithSentences: true, isMlInSyncWithSynonyms: true, isMlInSyncWithMlparams: true,
  isMlInSyncWithTraits: true, isMlInSyncWithSmallTalk: true, isMlInSyncWithUBTraining: true, isMlInSyncWithEntityNode: true,
  isMlInSyncWithIntentNode: true, isMlInSyncWithPatterns: true, isMlInSyncWithBTUtterances: true,
  trainDetails: { nlpVersion: 3, trainVersion: 3 },
};
const SEED_INPROGRESS = {
  trainingStatus: 'Inprogress', isMlInSyncWithSentences: true, isMlInSyncWithSynonyms: true, isMlInSyncWithMlparams: true,
  isMlInSyncWithTraits: true, isMlInSyncWithSmallTalk: true, isMlInSyncWithUBTraining: true,
};

describe('parseTrainingStatus', () => {
  it('types the finished sample and derives allInSync', () => {
    const status = parseTrainingStatus(SEED_FINISHED);
    expect(status.trainingStatus).toBe('Finished');
    expect(status.trainDetails).toEqual({ nlpVersion: 3, trainVersion: 3 });
    expect(status.isMlInSyncWithBTUtterances).toBe(true);
    expect(status.allInSync).toBe(true);
    expect(status.outOfSync).toEqual([]);
    expect(trainingPhase(status)).toBe('finished');
  });

  it('lists the flags out of sync and keeps what it does not know', () => {
    const status = parseTrainingStatus({ ...SEED_INPROGRESS, isMlInSyncWithSynonyms: false, isMlInSyncWithQuantum: false, newField: { a: 1 } });
    expect(status.allInSync).toBe(false);
    expect(status.outOfSync).toEqual(['isMlInSyncWithSynonyms', 'isMlInSyncWithQuantum']);
    expect(status['newField']).toEqual({ a: 1 });
    expect(trainingPhase(status)).toBe('inprogress');
  });

  it('accepts the four flags of older platforms', () => {
    const status = parseTrainingStatus({ trainingStatus: 'Failed', isMlInSyncWithSentences: true, isMlInSyncWithSynonyms: true, isMlInSyncWithMlparams: true, isMlInSyncWithTraits: true });
    expect(status.isMlInSyncWithSmallTalk).toBeUndefined();
    expect(status.allInSync).toBe(true);
    expect(trainingPhase(status)).toBe('failed');
  });

  it('keeps an unknown status as it came and treats it as not done', () => {
    const status = parseTrainingStatus({ trainingStatus: 'Queued' });
    expect(status.trainingStatus).toBe('Queued');
    expect(status.allInSync).toBe(false); // no flags at all proves nothing
    expect(trainingPhase(status)).toBe('unknown');
    expect(trainingPhase({ trainingStatus: 'InProgress' })).toBe('inprogress');
  });

  it.each([null, 'Finished', [SEED_FINISHED], {}, { trainingStatus: 3 }, { trainingStatus: '' }])('refuses %j as BAD_RESPONSE', (body) => {
    expect(() => parseTrainingStatus(body)).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }) as KoreError);
  });

  it('drops a malformed trainDetails instead of failing', () => {
    expect(parseTrainingStatus({ trainingStatus: 'Finished', trainDetails: 'v3' }).trainDetails).toBeUndefined();
  });
});

describe('parseStartTraining', () => {
  it('reads the documented array answer', () => {
    expect(parseStartTraining([{ message: 'Training Queued.', Training_ID: 'tr-1' }])).toEqual({ trainingId: 'tr-1', message: 'Training Queued.' });
  });

  it('accepts a bare object', () => {
    expect(parseStartTraining({ Training_ID: 'tr-2' })).toEqual({ trainingId: 'tr-2', message: '' });
  });

  it('refuses an answer without a training id', () => {
    expect(() => parseStartTraining([{ message: 'ok' }])).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE' }) as KoreError);
  });
});
