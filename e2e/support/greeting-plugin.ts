/** Type id of the plugin node type that `greetingPlugin` defines. */
export const GREETING_TYPE = 'acme.greeting-inlet';

/** Text the plugin logs on every pull, so a test can find its line in the log panel. */
export const GREETING_LOG_TEXT = 'Greeting plugin pulled';

/**
 * Source of a TypeScript plugin in the SDK function form, without imports. Its inlet has one
 * config field of each kind the inspector renders: a string, a bounded number, a boolean, an
 * enum, a list of strings, a nested object and a secret. Each record contains the `version` of
 * the file produced it.
 */
export function greetingPlugin(version: number): string {
  return `
interface GreetingConfig {
  greeting: string;
  count: number;
  shout: boolean;
  mood: 'calm' | 'cheerful' | 'grumpy';
  names: string[];
  target: { host: string; port: number };
  apiKey: string;
}

interface PullContext {
  logger: { info: (fields: object, message: string) => void };
}

export default ({ defineInlet, z }: { defineInlet: (definition: object) => unknown; z: any }) =>
  defineInlet({
    type: '${GREETING_TYPE}',
    label: 'Greeting v${version}',
    category: 'Acme',
    description: 'Greets every name on each transfer.',
    icon: '👋',
    color: '#7c3aed',
    config: z.object({
      greeting: z.string().default('Hello').describe('Word that starts every greeting.'),
      count: z.number().int().min(1).max(5).default(1).describe('Greetings per name and transfer, 1 to 5.'),
      shout: z.boolean().default(false).describe('Write the greeting in capitals.'),
      mood: z.enum(['calm', 'cheerful', 'grumpy']).default('calm').describe('Mood stored with each greeting.'),
      names: z.array(z.string().min(1)).min(1).default(['Ada']).describe('Names to greet.'),
      target: z
        .object({
          host: z.string().default('localhost').describe('Host the greetings are meant for.'),
          port: z.number().int().min(1).max(65535).default(8080).describe('Port on that host.'),
        })
        .default({ host: 'localhost', port: 8080 })
        .describe('Where the greetings are meant to go.'),
      apiKey: z.string().default('').meta({ secret: true }).describe('Token for the target; the inspector masks it.'),
    }),
    create: (config: GreetingConfig, context: PullContext) => ({
      pull(update: { toString(): string }) {
        context.logger.info({ update: update.toString() }, '${GREETING_LOG_TEXT} ' + config.names.length + ' names');
        const word = config.shout ? config.greeting.toUpperCase() : config.greeting;
        return config.names.flatMap((name) =>
          Array.from({ length: config.count }, () => ({
            text: word + ', ' + name + '!',
            mood: config.mood,
            target: config.target.host + ':' + config.target.port,
            keyLength: config.apiKey.length,
            version: ${version},
          })),
        );
      },
    }),
  });
`;
}
