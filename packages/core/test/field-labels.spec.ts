import { KoreError } from '../src/errors.js';
import { labelInvalidInput } from '../src/field-labels.js';

const LABELS = {
  parameter: { botId: 'Bot ID', state: 'State' },
  option: { pollIntervalMs: 'Poll Interval', maxPollIntervalMs: 'Max Poll Interval' },
  credential: { host: 'Host / Custom URL' },
};

const invalid = (field: string | undefined, message: string): KoreError => new KoreError('INVALID_INPUT', message, field === undefined ? {} : { field });

describe('labelInvalidInput', () => {
  it('names the field by its label and says where it lives', () => {
    expect(labelInvalidInput(invalid('botId', 'botId must be a non-empty Bot ID (got "")'), LABELS)).toEqual({
      place: 'parameter', label: 'Bot ID', message: 'Bot ID must be a non-empty Bot ID (got "")',
    });
    expect(labelInvalidInput(invalid('host', 'host must be https'), LABELS)).toMatchObject({ place: 'credential', message: 'Host / Custom URL must be https' });
  });

  it('relabels other camelCase fields the message names, but not plain words', () => {
    const error = invalid('maxPollIntervalMs', 'maxPollIntervalMs must be >= pollIntervalMs (5000) for this state');
    expect(labelInvalidInput(error, LABELS)?.message).toBe('Max Poll Interval must be >= Poll Interval (5000) for this state');
  });

  it('keeps a message already in the label, and prefixes one that names neither', () => {
    expect(labelInvalidInput(invalid('pollIntervalMs', 'Poll Interval must be a number'), LABELS)?.message).toBe('Poll Interval must be a number');
    expect(labelInvalidInput(invalid('state', 'Unknown state'), LABELS)?.message).toBe('State: Unknown state');
  });

  it('is undefined for an error without a field, or a field the host does not label', () => {
    expect(labelInvalidInput(invalid(undefined, 'bad'), LABELS)).toBeUndefined();
    expect(labelInvalidInput(invalid('onProgress', 'onProgress must be a function'), LABELS)).toBeUndefined();
    expect(labelInvalidInput(invalid('toString', 'toString must be'), LABELS)).toBeUndefined();
  });
});
