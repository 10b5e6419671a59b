// The extension host loads this module and calls run(): mocha over every *.test.js beside it.
// CLAIM_LENS_GREP (a regular expression) runs only the tests whose full title matches.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // A hang guard per test, not a target: generous, as on a busy machine everything takes longer.
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  if (process.env.CLAIM_LENS_GREP) mocha.grep(new RegExp(process.env.CLAIM_LENS_GREP));
  for (const f of readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
