// Bot traffic is not a customer: crawlers and headless browsers that run the SDK would otherwise
// show up as people who never buy. One place holds the test, so ingest, the simulator's
// evaluation and anything else that drops bots agree on what a bot is.

/** User agents of crawlers, link previewers and headless browsers. */
export const BOT_USER_AGENT = /bot|crawler|spider|headless|slurp|bingpreview|facebookexternalhit/i;

/** True when the user agent belongs to a bot; an unknown (empty) user agent is not one. */
export function isBot(userAgent: string | null | undefined): boolean {
  return !!userAgent && BOT_USER_AGENT.test(userAgent);
}
