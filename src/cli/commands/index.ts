import type { Command } from 'commander';
import { registerAgent } from './agent/index.js';
import { registerApproval } from './approval/index.js';
import { registerAudit } from './audit/index.js';
import { registerClassify } from './classify/index.js';
import { registerDemo } from './demo/index.js';
import { registerGateway } from './gateway/index.js';
import { registerHook } from './hook/index.js';
import { registerInit } from './init/index.js';
import { registerKubectl } from './kubectl/index.js';
import { registerSandbox } from './sandbox/index.js';
import { registerServe } from './serve/index.js';
import { registerSession } from './session/index.js';
import { registerShim } from './shim/index.js';
import { registerVersion } from './version/index.js';

/** Adds every command group to the program. Registration is flags only: no heavy imports. */
export function registerCommands(program: Command): void {
  registerKubectl(program);
  registerClassify(program);
  registerAudit(program);
  registerInit(program);
  registerAgent(program);
  registerApproval(program);
  registerDemo(program);
  registerSession(program);
  registerSandbox(program);
  registerServe(program);
  registerGateway(program);
  registerHook(program);
  registerShim(program);
  registerVersion(program);
}
