/** Where a /train answers: its interaction's reply while the token lives, else a DM or the channel. */
export interface TrainingReply {
  applicationId: string;
  interactionToken: string;
  /** When Discord issued the interaction (ms since epoch): its token lives 15 minutes. */
  issuedAt: number;
  /** Only the user sees the result (a server without `public_results`). */
  private: boolean;
  channelId: string;
  /**
   * The message in the channel that shows a public training (posted after a private deferral);
   * absent: the interaction's own reply.
   */
  messageId?: string;
}

/**
 * The job's payload: plain data, so that any process working the queue can run it. The interaction
 * token (which lets anyone post as the bot in that conversation for 15 minutes) is stored encrypted.
 */
export interface TrainingJob {
  userId: string;
  layerId: string;
  layerName: string;
  reply: Omit<TrainingReply, 'interactionToken'> & { interactionTokenCiphertext: string };
}
