import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { seedDemo } from '../demo/seed-demo.js';
import { CliError } from './api-keys.command.js';
import { withRuntime } from './context.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('create a demo tenant and program with realistic members, campaigns and purchase history')
    .option('--members <n>', 'how many members', '1000')
    .action((opts: { members: string }) =>
      withRuntime(async ({ database }) => {
        const members = Number(opts.members);
        if (!Number.isInteger(members) || members < 0 || members > 1_000_000) {
          throw new CliError('--members must be a whole number from 0 to 1000000');
        }
        const bar = new SingleBar({
          format: '{phase} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s',
          noTTYOutput: true,
          notTTYSchedule: 2000,
        });
        let phase: string | null = null;
        const result = await seedDemo(database.db, {
          members,
          onProgress: (done, total, step) => {
            const label = step === 'members' ? 'Enrolling demo members' : 'Replaying purchase history';
            if (phase !== label) {
              if (phase !== null) bar.stop();
              bar.start(total, 0, { phase: label });
              phase = label;
            }
            bar.update(done);
          },
        });
        if (phase !== null) bar.stop();
        console.log(
          result.created
            ? `Demo tenant created with ${result.members} members and ${result.activities} purchases and reviews.`
            : 'Demo tenant already exists; issued a new key and a new console password.',
        );
        console.log(`Program: ${result.programId}`);
        console.log(`Server API key (shown only now): ${result.apiKey}`);
        console.log(
          `Console owner (shown only now): ${result.owner.email} / password ${result.owner.password}`,
        );
      }),
    );
}
