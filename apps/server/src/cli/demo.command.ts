import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { seedDemo } from '../demo/seed-demo.js';
import { CliError } from './api-keys.command.js';
import { withRuntime } from './context.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('create a demo tenant and program with realistic members')
    .option('--members <n>', 'how many members', '1000')
    .action((opts: { members: string }) =>
      withRuntime(async ({ database }) => {
        const members = Number(opts.members);
        if (!Number.isInteger(members) || members < 0 || members > 1_000_000) {
          throw new CliError('--members must be a whole number from 0 to 1000000');
        }
        const bar = new SingleBar({
          format: 'Enrolling demo members [{bar}] {percentage}% | {value}/{total} | ETA {eta}s',
          noTTYOutput: true,
          notTTYSchedule: 2000,
        });
        let started = false;
        const result = await seedDemo(database.db, {
          members,
          onProgress: (done, total) => {
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        if (started) bar.stop();
        console.log(
          result.created
            ? `Demo tenant created with ${result.members} members.`
            : 'Demo tenant already exists; issued a new key.',
        );
        console.log(`Program: ${result.programId}`);
        console.log(`Server API key (shown only now): ${result.apiKey}`);
      }),
    );
}
