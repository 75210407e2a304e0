// The suite's own instruments must be able to fail.
import { SecretScanner } from '../src/scanner.js';

describe('SecretScanner', () => {
  it('finds a secret or a JWT anywhere in what it was given, errors included', () => {
    const scanner = new SecretScanner();
    scanner.add('clean', { status: 'Finished' });
    scanner.add('error with a token in a property', Object.assign(new Error('failed'), { config: { headers: { auth: 'eyJhbGciOiJIUzI1NiJ9.eyJhcHBJZCI6ImEifQ.c2ln' } } }));
    scanner.add('log line', 'using secret s3cr3t-value');
    expect(scanner.leaks(['s3cr3t-value'])).toEqual(['error with a token in a property: a JWT', 'log line: a secret']);
  });
});
