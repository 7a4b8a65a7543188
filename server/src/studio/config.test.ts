import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults without variables', () => {
    const config = loadConfig({}, '/srv/studio');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/studio/data',
      filesRoot: '/srv/studio/data/files',
      pluginsDir: '/srv/studio/data/plugins',
      logLevel: 'info',
      planner: 'node-schedule',
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      { PORT: '8080', HOST: '0.0.0.0', DATABAY_DATA_DIR: 'state', DATABAY_FILES_ROOT: '/files', DATABAY_PLUGINS_DIR: 'plugins', LOG_LEVEL: 'debug' },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.join('/srv', 'state'),
      filesRoot: '/files',
      pluginsDir: '/srv/plugins',
      logLevel: 'debug',
    });
  });

  it('bad value names variable and value', () => {
    for (const [variable, value] of [
      ['PORT', 'eighty'],
      ['PORT', '70000'],
      ['LOG_LEVEL', 'loud'],
    ]) {
      let caught: unknown;
      try {
        loadConfig({ [variable]: value }, '/srv');
      } catch (error) {
        caught = error;
      }
      expect(caught, `${variable}=${value}`).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe(variable);
      expect((caught as Error).message).toContain(`Invalid value "${value}" for ${variable}`);
    }
  });

  it('reads planner and Redis URL', () => {
    const config = loadConfig({ DATABAY_PLANNER: 'bullmq', DATABAY_REDIS_URL: 'redis://redis.internal:6380/2' }, '/srv');
    expect(config.planner).toBe('bullmq');
    expect(config.redisUrl).toBe('redis://redis.internal:6380/2');
  });

  it('invalid planner names the choices', () => {
    expect(() => loadConfig({ DATABAY_PLANNER: 'bull' }, '/srv')).toThrow(
      'Invalid value "bull" for DATABAY_PLANNER: must be one of node-schedule, bullmq. Fix or unset DATABAY_PLANNER and start again.',
    );
  });

  it('invalid Redis URL hides the password', () => {
    let caught: unknown;
    try {
      loadConfig({ DATABAY_REDIS_URL: 'http://user:hunter2@redis.internal:6379' }, '/srv');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain('for DATABAY_REDIS_URL: must be a redis:// or rediss:// URL');
    expect(message).toContain('user:***@redis.internal');
    expect(message).not.toContain('hunter2');
  });

  it('unparsable Redis URL is not echoed', () => {
    expect(() => loadConfig({ DATABAY_REDIS_URL: 'hunter2 at redis' }, '/srv')).toThrow(
      'Invalid value "(unparsable connection string)" for DATABAY_REDIS_URL',
    );
  });
});
