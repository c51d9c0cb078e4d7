import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadInfraConfig } from '../../src/config.js';

const secrets = { JWT_SECRET: 'j'.repeat(32), GATEWAY_SECRET: 'g'.repeat(32) };

describe('config', () => {
  it('defaults every service URL and port to the local stack', () => {
    const config = loadConfig(secrets);
    expect(config).toMatchObject({ MONGO_URL: 'mongodb://127.0.0.1:27017', DATABASE_URL: 'mysql://root:kayak@127.0.0.1:3306/kayak', GATEWAY_PORT: 4000, USERS_PORT: 4001 });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('splits a comma-separated broker list', () => {
    expect(loadInfraConfig({ KAFKA_BROKERS: 'a:9092, b:9092' }).KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
  });

  it('lists every invalid variable in one error', () => {
    const attempt = () => loadConfig({ JWT_SECRET: 'short', GATEWAY_PORT: 'x', REDIS_URL: 'not a url' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/JWT_SECRET[\s\S]*GATEWAY_PORT|GATEWAY_PORT[\s\S]*JWT_SECRET/);
    expect(attempt).toThrow(/GATEWAY_SECRET/);
    expect(attempt).toThrow(/REDIS_URL/);
  });

  it('holds unpaid bookings 15 minutes by default; BOOKING_HOLD_MINUTES changes it within 1–1440', () => {
    expect(loadConfig(secrets).BOOKING_HOLD_MINUTES).toBe(15);
    expect(loadConfig({ ...secrets, BOOKING_HOLD_MINUTES: '30' }).BOOKING_HOLD_MINUTES).toBe(30);
    expect(() => loadConfig({ ...secrets, BOOKING_HOLD_MINUTES: '0' })).toThrow(/BOOKING_HOLD_MINUTES/);
  });

  it('sends notification mail to the local MailDev by default and checks the SMTP settings', () => {
    expect(loadConfig(secrets)).toMatchObject({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 1025, SMTP_SECURE: false, MAILDEV_URL: 'http://127.0.0.1:1080', MAIL_MAX_ATTEMPTS: 5, PUBLIC_WEB_URL: 'http://127.0.0.1:5173' });
    expect(loadConfig({ ...secrets, SMTP_SECURE: 'true', SMTP_USER: 'u', SMTP_PASSWORD: 'p' })).toMatchObject({ SMTP_SECURE: true, SMTP_USER: 'u' });
    expect(() => loadConfig({ ...secrets, SMTP_USER: 'u' })).toThrow(/SMTP_PASSWORD: SMTP_USER and SMTP_PASSWORD go together/);
    expect(() => loadConfig({ ...secrets, SMTP_SECURE: 'yes', PUBLIC_WEB_URL: 'nowhere' })).toThrow(/SMTP_SECURE[\s\S]*PUBLIC_WEB_URL/);
  });
});
