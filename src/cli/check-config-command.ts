/** `sla-timer check-config [FILE]`: validate a config file and summarize what it does. */
import { summarizeConfig } from '../config/index.js';
import { configFile, loadConfigFor } from './cli-config.js';
import { UsageError, type Command } from './command.js';

export const checkConfigCommand: Command = {
  name: 'check-config',
  args: '[FILE]',
  summary: 'validate a config file and summarize what it does',
  help: [
    'FILE defaults to $SLA_CONFIG, else config/sla.yaml. ${NAME} references are read from the',
    'environment. Prints every problem (exit 1) or a summary and any warnings (exit 0).',
  ],
  run(args, io) {
    const options = args.filter((a) => a.startsWith('-'));
    if (options.length > 0) throw new UsageError(`unknown option ${options[0]}`);
    if (args.length > 1) throw new UsageError(`expected one FILE, got ${args.length}`);
    const config = loadConfigFor(io, configFile(io, args[0]));
    if (config === undefined) return 1;
    io.stdout(summarizeConfig(config).join('\n') + '\n');
    return 0;
  },
};
