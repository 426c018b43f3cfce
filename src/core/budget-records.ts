/** A QUOTA_EXCEEDED block: Spotify's requests wait until `until`. */
export interface QuotaBlock {
  from: Date;
  until: Date;
  /** Blocks so far (this one included). */
  blocks: number;
}

/** What admitting one request decided: counted, or refused by the block in force or by the allowance. */
export type RequestAdmission =
  { admitted: true } | { admitted: false; block: QuotaBlock } | { admitted: false; allowance: number };

/** The budget the last QUOTA_EXCEEDED taught: what was spent in the 24 h before it. */
export interface LearnedBudget {
  requests: number;
  at: Date;
}
