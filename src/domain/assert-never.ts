/** The default branch of an exhaustive switch: a value its types rule out fails loudly instead of passing as handled. */
export function assertNever(_value: never, message: string): never {
  throw new Error(message);
}
