const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Makes realistic 18–19 digit snowflakes: @discordjs/rest picks rate-limit buckets by matching
 * `\d{17,19}`, so short fake ids would change how the real client queues requests.
 */
export class SnowflakeFactory {
  private increment = 0n;

  constructor(private readonly now: () => number) {}

  next(): string {
    this.increment = (this.increment + 1n) & 0xfffn;
    const timestamp = BigInt(this.now()) - DISCORD_EPOCH;
    return ((timestamp << 22n) | (1n << 17n) | this.increment).toString();
  }
}
