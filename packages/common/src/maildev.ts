/**
 * A small client of MailDev's REST API (the SMTP catcher of the local stack, docs/notifications.md):
 * the stack's probe and the notification tests read the inbox through it. MailDev 3 (the npm
 * package) serves the API under `/api`, MailDev 2 (the `maildev/maildev` image) at the root; the
 * client finds out which on its first call.
 */

export interface CaughtMailAddress {
  address: string;
  name?: string;
}

/** The fields of a caught mail that callers read (MailDev returns more). */
export interface CaughtMail {
  id: string;
  subject: string;
  from: CaughtMailAddress[];
  to: CaughtMailAddress[];
  html?: string;
  text?: string;
  headers: Record<string, string | string[]>;
  time: string;
}

export class MailDevClient {
  private prefix: Promise<string> | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 3000,
  ) {}

  private get(path: string): Promise<Response> {
    return fetch(new URL(path, this.baseUrl), { signal: AbortSignal.timeout(this.timeoutMs) });
  }

  /** `/api` (MailDev 3) or `` (MailDev 2): whichever lists the inbox. Throws when neither does. */
  apiPrefix(): Promise<string> {
    this.prefix ??= (async () => {
      for (const prefix of ['/api', '']) {
        const response = await this.get(`${prefix}/email`);
        if (response.ok && Array.isArray(await response.json().catch(() => undefined))) return prefix;
      }
      throw new Error(`no MailDev inbox answers at ${this.baseUrl}`);
    })();
    this.prefix.catch(() => (this.prefix = null));
    return this.prefix;
  }

  /** Every caught mail, in arrival order. */
  async list(): Promise<CaughtMail[]> {
    const response = await this.get(`${await this.apiPrefix()}/email`);
    if (!response.ok) throw new Error(`MailDev answered ${response.status}`);
    return (await response.json()) as CaughtMail[];
  }

  /** The caught mails sent to `address` (case-insensitive), in arrival order. */
  async to(address: string): Promise<CaughtMail[]> {
    const wanted = address.toLowerCase();
    return (await this.list()).filter((mail) => mail.to.some((to) => to.address.toLowerCase() === wanted));
  }

  /** The raw message as the SMTP server received it (every header, MIME parts undecoded). */
  async source(id: string): Promise<string> {
    const response = await this.get(`${await this.apiPrefix()}/email/${encodeURIComponent(id)}/source`);
    if (!response.ok) throw new Error(`MailDev answered ${response.status}`);
    return response.text();
  }
}
