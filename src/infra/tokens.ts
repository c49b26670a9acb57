/** Where the running backends are (from the environment or started by Quell itself). */
export interface BackendAddresses {
  databaseUrl: string;
  temporalAddress: string;
}

export const BACKENDS = Symbol('BACKENDS');
