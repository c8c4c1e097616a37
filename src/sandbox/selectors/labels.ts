/**
 * Label selectors, parsed and matched as k8s.io/apimachinery/pkg/labels does (the grammar
 * `kubectl get -l` sends): `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`,
 * and the server's `k>1` / `k<1`, joined by commas. Error messages follow the server's text.
 */
import { SelectorError, goQuote } from './errors.js';
import { isQualifiedName, isValidLabelValue } from '../../common/k8s-names.js';
import { lex, type Item } from './label-lexer.js';

export { SelectorError } from './errors.js';

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Sorted and de-duplicated, as the server keeps them. Empty for exists and `!`. */
  values: string[];
}

export interface LabelSelector {
  /** ANDed; sorted by key. No requirements selects everything. */
  requirements: LabelRequirement[];
}

// How the server lists its binary operators when it expected one.
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

type Context = 'keyAndOperator' | 'values';

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  private view(item: Item | undefined, context: Context): Item {
    const it = item ?? { tok: 'end', lit: '' };
    // In a value position, the words `in` and `notin` are ordinary identifiers.
    if (context === 'values' && (it.tok === 'in' || it.tok === 'notin')) {
      return { tok: 'id', lit: it.lit };
    }
    return it;
  }

  lookahead(context: Context): Item {
    return this.view(this.items[this.position], context);
  }

  consume(context: Context): Item {
    const it = this.view(this.items[this.position], context);
    this.position++;
    return it;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('values');
      if (tok === 'id' || tok === '!') {
        try {
          requirements.push(this.parseRequirement());
        } catch (err) {
          throw new SelectorError(`unable to parse requirement: ${(err as Error).message}`);
        }
        const next = this.consume('values');
        if (next.tok === 'end') return requirements;
        if (next.tok === ',') {
          const after = this.lookahead('values');
          if (after.tok !== 'id' && after.tok !== '!') {
            throw new SelectorError(`found '${after.lit}', expected: identifier after ','`);
          }
        } else {
          throw new SelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === 'end') {
        return requirements;
      } else {
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let operator: LabelOperator | undefined;
    let item = this.consume('values');
    if (item.tok === '!') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== 'id') throw new Error(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyErrors = isQualifiedName(key);
    if (keyErrors.length > 0) {
      throw new Error(`<nil>: Invalid value: ${goQuote(key)}: ${keyErrors.join('; ')}`);
    }
    const next = this.lookahead('values').tok;
    // `!key` is complete by itself: whatever follows is the parser's problem (`!a=b` fails there).
    if (operator === '!' || next === 'end' || next === ',') {
      return newRequirement(key, operator ?? 'exists', []);
    }
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort());
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume('keyAndOperator');
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume('values');
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead('values');
    if (tok === 'id' || tok === ',') {
      const values = this.parseIdentifiersList();
      if (this.consume('values').tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
      return values;
    }
    if (tok === ')') {
      this.consume('values');
      return new Set(['']);
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume('values');
      if (tok === 'id') {
        values.add(lit);
        const next = this.lookahead('values');
        if (next.tok === ',') continue;
        if (next.tok === ')') return values;
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        // Empty entries (`(,a)`, `(a,)`, `(a,,b)`) stand for the empty value.
        if (values.size === 0) values.add('');
        const next = this.lookahead('values').tok;
        if (next === ')') {
          values.add('');
          return values;
        }
        if (next === ',') values.add('');
      } else {
        throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead('values').tok;
    if (next === 'end' || next === ',') return new Set(['']);
    const { tok, lit } = this.consume('values');
    if (tok === 'id') return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** NewRequirement's validation, with its field paths (`values[i][key]`) and aggregation. */
function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errors: string[] = [];
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v) || !fitsInt64(v)) {
        errors.push(
          `values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
    });
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length > 0) {
      errors.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${msgs.join('; ')}`);
    }
  });
  const unique = [...new Set(errors)];
  if (unique.length === 1) throw new Error(unique[0]);
  if (unique.length > 1) throw new Error(`[${unique.join(', ')}]`);
  return { key, operator, values };
}

function fitsInt64(v: string): boolean {
  const n = BigInt(v);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** Parses a label selector; throws SelectorError with the API server's message when invalid. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = new Parser(lex(text)).parse();
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements };
}

function matchRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value ?? '');
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value ?? '');
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value ?? '') || r.values.length !== 1) return false;
      const actual = BigInt(value ?? '0');
      const wanted = BigInt(r.values[0] ?? '0');
      return r.operator === 'gt' ? actual > wanted : actual < wanted;
    }
  }
}

/** True when every requirement holds for these labels (absent labels count as none). */
export function matchLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const set = labels ?? {};
  return selector.requirements.every((r) => matchRequirement(r, set));
}

/** The server's canonical string form (requirements sorted by key), e.g. for logging. */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.requirements
    .map((r) => {
      const values = r.values.join(',');
      switch (r.operator) {
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.operator} (${values})`;
        case 'gt':
          return `${r.key}>${values}`;
        case 'lt':
          return `${r.key}<${values}`;
        default:
          return `${r.key}${r.operator}${values}`;
      }
    })
    .join(',');
}
