// The instruments must be able to fail: each check below plants what the scanner exists to find.
import { findJwt, findLeaks, jwtShaped, SecretScanner } from '@kore-train/testkit';

const SECRET = ['s3cr3t', 'value', 'for', 'the', 'test'].join('-');

describe('SecretScanner', () => {
  it('finds a planted secret and a planted JWT anywhere in what it was given, errors included', () => {
    const scanner = new SecretScanner();
    scanner.add('clean', { status: 'Finished' });
    scanner.add('error with a token in a property', Object.assign(new Error('failed'), { config: { headers: { auth: jwtShaped() } } }));
    scanner.add('log line', `using secret ${SECRET}`);
    expect(scanner.size).toBe(3);
    expect(scanner.leaks([SECRET])).toEqual(['error with a token in a property: a JWT', 'log line: a secret']);
  });

  it('finds a JWT in a value too deep for JSON, and in an error cause', () => {
    let deep: unknown = { trainingStatus: `Inprogress ${jwtShaped()}` };
    for (let i = 0; i < 20_000; i++) deep = { deep };
    const scanner = new SecretScanner();
    scanner.add('deep', deep);
    scanner.add('cause', new Error('outer', { cause: new Error(SECRET) }));
    expect(scanner.leaks([SECRET])).toEqual(['deep: a JWT', 'cause: a secret']);
  });

  it('reports nothing for clean texts, and ignores an empty secret', () => {
    expect(findLeaks({ log: 'Finished in 3 s', answer: '{"trainingStatus":"Finished"}' }, [SECRET, ''])).toEqual([]);
  });
});

describe('findLeaks', () => {
  it('names each text that holds the secret or a JWT', () => {
    expect(findLeaks({ log: `auth ${jwtShaped({ appId: 'cs-x' })}`, flows: `{"secret":"${SECRET}"}`, clean: 'ok' }, SECRET)).toEqual(['log: a JWT', 'flows: a secret']);
  });
});

describe('jwtShaped and findJwt', () => {
  it('makes a three-part base64url string that the detector sees, with the claims given', () => {
    const token = jwtShaped({ appId: 'cs-1' });
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ appId: 'cs-1' });
    expect(signature).not.toBe('');
    expect(findJwt(`Bearer ${token} and more`)).toBe(`${header}.${payload}.`);
    expect(findJwt('eyJ alone, or a.b.c')).toBeUndefined();
  });
});
