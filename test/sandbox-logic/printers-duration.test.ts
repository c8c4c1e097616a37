import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration } from '../../src/sandbox/printers/index.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

// duration.HumanDuration: the boundaries where its precision changes.
const cases: [number, string][] = [
  [-2 * S, '<invalid>'],
  [-1500, '0s'],
  [-1 * S, '0s'],
  [0, '0s'],
  [999, '0s'],
  [59 * S, '59s'],
  // One minute is still counted in seconds: minutes start at two.
  [60 * S, '60s'],
  [119 * S, '119s'],
  [120 * S, '2m'],
  [121 * S, '2m1s'],
  [9 * M + 59 * S, '9m59s'],
  [10 * M, '10m'],
  [10 * M + 30 * S, '10m'],
  [119 * M, '119m'],
  // Two hours is still counted in minutes: hours start at three.
  [2 * H, '120m'],
  [179 * M + 59 * S, '179m'],
  [3 * H, '3h'],
  [3 * H + 10 * M, '3h10m'],
  [7 * H + 59 * M, '7h59m'],
  [8 * H, '8h'],
  [47 * H + 59 * M, '47h'],
  [48 * H, '2d'],
  [2 * D + 3 * H, '2d3h'],
  [7 * D + 23 * H, '7d23h'],
  [8 * D, '8d'],
  [8 * D + 5 * H, '8d'],
  [90 * D, '90d'],
  [365 * D, '365d'],
  [729 * D, '729d'],
  [730 * D, '2y'],
  [2 * 365 * D + 10 * D, '2y10d'],
  [8 * 365 * D - D, '7y364d'],
  [8 * 365 * D, '8y'],
  [20 * 365 * D + 100 * D, '20y'],
];

for (const [ms, expected] of cases) {
  test(`HumanDuration(${ms}ms) = ${expected}`, () => {
    assert.equal(humanDuration(ms), expected);
  });
}
