/**
 * Wraps test bodies so that a failure is noted before it is rethrown. Why: an e2e test keeps its user
 * folder and logs when any test failed, and jest does not tell `afterAll` whether one did.
 *
 *   let failed = false;
 *   const guard = failureGuard(() => (failed = true));
 *   it('works', guard(async () => { … }));
 */
export function failureGuard(onFailure: () => void): <T>(body: () => Promise<T>) => () => Promise<T> {
  return (body) => async () => {
    try {
      return await body();
    } catch (error) {
      onFailure();
      throw error;
    }
  };
}
