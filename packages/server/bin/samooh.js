#!/usr/bin/env node
// The samooh command. Samooh is written in TypeScript and runs it directly through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
