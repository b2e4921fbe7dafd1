import { Command } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerCluster } from './commands/cluster.js';
import { registerPlan } from './commands/plan.js';
import { registerRebalance } from './commands/rebalance.js';
import { registerValidate } from './commands/validate.js';

export function buildProgram(): Command {
  const program = new Command('topicops')
    .description('Declarative GitOps for Apache Kafka topics: validate, plan and apply topics/ against a cluster')
    .version('0.1.0')
    .option('--dir <dir>', 'project directory holding topicops.yaml and topics/ (default: current directory)')
    .option('--cluster <name>', 'cluster from topicops.yaml to use (default: its defaultCluster)')
    .option('--bootstrap <host:port,...>', 'talk to this Kafka cluster instead of the configured one')
    .option('--log-level <level>', 'trace, debug, info, warn, error, fatal or silent (default: warn on a terminal, else info)')
    .option('--no-color', 'no colours in output (NO_COLOR is honoured too)')
    .showHelpAfterError()
    .exitOverride();
  registerValidate(program);
  registerPlan(program);
  registerApply(program);
  registerRebalance(program);
  registerCluster(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}
