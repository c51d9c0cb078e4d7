import { z } from 'zod';

export const DEFAULT_WEB_PORT = 5173;

const port = z.coerce.number().int().min(0).max(65535);
const settingsSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  WEB_PORT: port.default(DEFAULT_WEB_PORT),
  GATEWAY_PORT: port.default(4000),
  /** Where the gateway answers, when not on HOST:GATEWAY_PORT. */
  GATEWAY_URL: z.string().url().optional(),
});

export interface WebSettings {
  host: string;
  port: number;
  gatewayUrl: string;
  /** What a browser opens. */
  url: string;
}

/** The web server's environment (HOST, WEB_PORT, GATEWAY_PORT or GATEWAY_URL), parsed once. */
export function loadWebSettings(env: NodeJS.ProcessEnv = process.env): WebSettings {
  const parsed = settingsSchema.parse(env);
  return {
    host: parsed.HOST,
    port: parsed.WEB_PORT,
    gatewayUrl: parsed.GATEWAY_URL ?? `http://${parsed.HOST}:${parsed.GATEWAY_PORT}`,
    url: `http://${parsed.HOST}:${parsed.WEB_PORT}/`,
  };
}
