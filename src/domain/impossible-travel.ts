/** Two successful sign-ins from different countries closer than this cannot be the same traveller. */
export const TRAVEL_WINDOW_HOURS = 2;

export interface TravelSignin {
  at: Date;
  country: string | null;
  result: 'success' | 'failure' | string;
}

export interface Travel {
  from: { country: string; at: string };
  to: { country: string; at: string };
  minutes: number;
}

/**
 * The latest pair of consecutive successful sign-ins from different countries less than
 * `windowHours` apart, or null. Consecutive pairs suffice: any such pair has a consecutive one
 * inside it. A sign-in without a country is still a step in the sequence, and never a country change.
 */
export function impossibleTravel(signins: readonly TravelSignin[], windowHours = TRAVEL_WINDOW_HOURS): Travel | null {
  const ok = signins.filter((s) => s.result === 'success').sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let i = ok.length - 1; i > 0; i--) {
    const [prev, cur] = [ok[i - 1], ok[i]];
    const ms = cur.at.getTime() - prev.at.getTime();
    if (prev.country && cur.country && prev.country !== cur.country && ms < windowHours * 3600_000) {
      return {
        from: { country: prev.country, at: prev.at.toISOString() },
        to: { country: cur.country, at: cur.at.toISOString() },
        minutes: Math.round(ms / 60_000),
      };
    }
  }
  return null;
}
