/**
 * The error of class `ErrorClass` that `call` rejects with. A success, or any other error (a
 * contract violation, say), fails the test as it is.
 */
export async function rejection<E extends Error>(
  call: Promise<unknown>,
  ErrorClass: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await call.then(
    () => new Error(`expected the call to fail with a ${ErrorClass.name}, but it succeeded`),
    (e: unknown) => e,
  );
  if (!(error instanceof ErrorClass)) throw error;
  return error;
}
