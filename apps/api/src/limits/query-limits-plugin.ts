import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { type DocumentNode, GraphQLError, type GraphQLSchema, type ValidationRule, validate } from 'graphql';
import { queryCost } from './query-cost';

export interface QueryLimits {
  maxCost: number;
  maxAliases: number;
  maxDepth: number;
  maxTokens: number;
}

type Measure = 'cost' | 'aliases' | 'depth' | 'tokens';

const SETTINGS: Record<Measure, string> = {
  cost: 'QUERY_MAX_COST',
  aliases: 'QUERY_MAX_ALIASES',
  depth: 'QUERY_MAX_DEPTH',
  tokens: 'QUERY_MAX_TOKENS',
};

/** The refusal a client sees: what was measured, how much, and the limit. */
export function queryTooComplex(measure: Measure, measured: number, limit: number): GraphQLError {
  const amount = { cost: `${measured} points`, aliases: `${measured} aliases`, depth: `a depth of ${measured}`, tokens: `more than ${limit} tokens` }[measure];
  return new GraphQLError(
    `The query is too complex: it has ${amount}; at most ${limit} ${measure === 'depth' ? 'is' : 'are'} accepted (${SETTINGS[measure]}). Ask for fewer results, fields or aliases, or split it into several requests.`,
    { extensions: { code: 'QUERY_TOO_COMPLEX', [measure]: measured, limit, http: { status: 400 } } },
  );
}

/** graphql-js's parser message when it stops at `maxTokens` (16.x spells it "more that"). */
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] (\d+) tokens/;

/** Maps the parser's token-limit syntax error to QUERY_TOO_COMPLEX (null for any other error). */
export function tokenLimitRefusal(message: string): GraphQLError | null {
  const limit = TOKEN_LIMIT_MESSAGE.exec(message)?.[1];
  return limit ? queryTooComplex('tokens', Number(limit) + 1, Number(limit)) : null;
}

/** At most this many variable combinations' costs are kept per document. */
const COSTS_PER_DOCUMENT = 256;

/**
 * Refuses, before execution, an operation over the cost, alias or depth limit, and reports the
 * cost of every answer in `extensions.cost`. Aliases and depth are graphql-armor's counts, done once
 * per document (Apollo keeps parsed documents, so the same object comes back); the cost depends on
 * `first` and `onePerProvider`, so it is kept per document and numeric and boolean variables.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  const shapeRefusals = new WeakMap<DocumentNode, GraphQLError | null>();
  const costs = new WeakMap<DocumentNode, Map<string, number>>();

  const shapeRefusal = (schema: GraphQLSchema, document: DocumentNode): GraphQLError | null => {
    const known = shapeRefusals.get(document);
    if (known !== undefined) return known;
    let refusal: GraphQLError | null = null;
    const refuseWith = (measure: Measure, limit: number) => (_context: unknown, error: Error) => {
      const found = Number(/found (\d+)/.exec(error.message)?.[1]);
      refusal ??= queryTooComplex(measure, found, limit);
    };
    const rules: ValidationRule[] = [
      maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [refuseWith('aliases', limits.maxAliases)] }),
      maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: [refuseWith('depth', limits.maxDepth)] }),
    ];
    validate(schema, document, rules);
    shapeRefusals.set(document, refusal);
    return refusal;
  };

  const costOf = (context: GraphQLRequestContext<object>): number | null => {
    const document = context.document!;
    const variables = context.request.variables ?? {};
    // Only numbers (`first`) and booleans (`onePerProvider`) change a cost.
    const key = `${context.operationName ?? ''}|${Object.entries(variables)
      .filter(([, value]) => typeof value === 'number' || typeof value === 'boolean')
      .join(',')}`;
    let byVariables = costs.get(document);
    const known = byVariables?.get(key);
    if (known !== undefined) return known;
    let cost: number;
    try {
      cost = queryCost(context.schema, document, variables, context.operationName ?? undefined);
    } catch {
      // Variables that do not fit the operation: execution refuses them with a clear message.
      return null;
    }
    if (!byVariables || byVariables.size >= COSTS_PER_DOCUMENT) costs.set(document, (byVariables = new Map()));
    byVariables.set(key, cost);
    return cost;
  };

  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation(context) {
          const refusal = shapeRefusal(context.schema, context.document);
          if (refusal) throw refusal;
          cost = costOf(context);
          if (cost !== null && cost > limits.maxCost) throw queryTooComplex('cost', cost, limits.maxCost);
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: cost, limit: limits.maxCost } };
        },
      };
    },
  };
}
