import { type DocumentNode, type ExecutionResult, getOperationAST, GraphQLError, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { dropPropertyReaders } from './property-readers';

/** What Apollo hands a gateway's executor (the fields used here). */
interface ExecutorRequest {
  document: DocumentNode;
  operationName?: string | null;
  request: { variables?: Record<string, unknown> | null };
  /** The request's GraphQL context (Apollo's contextValue). */
  context: unknown;
}

type SchemaListener = (schemaContext: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void;

/**
 * Runs GraphQL operations through graphql-jit instead of graphql-js's interpreter: a search page
 * resolves some 400 fields, and graphql-js walks the AST, builds a path and an info object and
 * checks for promises per field (with the garbage that makes) on every request. Apollo keeps its
 * whole pipeline (parsing, validation, the document cache, every plugin: limits, cost, caching,
 * metrics, errors); only the execution step changes, through Apollo's one seam for it, the
 * gateway interface. `transformSchema` (a Nest option) hands over the schema Nest built, minus
 * the resolvers that only read a property (see {@link dropPropertyReaders}); each parsed document
 * (Apollo's cache returns the same object for the same query) is compiled once.
 */
export class CompiledExecution {
  private schema: GraphQLSchema | null = null;
  private listener: SchemaListener | null = null;
  private readonly compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();

  readonly transformSchema = (schema: GraphQLSchema): GraphQLSchema => {
    this.schema = dropPropertyReaders(schema);
    return this.schema;
  };

  readonly gateway = {
    onSchemaLoadOrUpdate: (listener: SchemaListener): (() => void) => {
      this.listener = listener;
      return () => {
        this.listener = null;
      };
    },
    load: async () => {
      if (!this.schema) throw new Error('compiled execution: Nest did not hand over the schema (transformSchema is not set)');
      this.listener?.({ apiSchema: this.schema, coreSupergraphSdl: '' });
      return { executor: (request: ExecutorRequest) => this.execute(request) };
    },
    stop: async () => {},
  };

  private async execute({ document, operationName, request, context }: ExecutorRequest): Promise<ExecutionResult> {
    const compiled = this.compile(document, operationName ?? undefined);
    if (!isCompiledQuery(compiled)) return compiled;
    const variables = request.variables ?? {};
    const result = await compiled.query(undefined, context, variables);
    if (!('data' in result)) return this.variableErrors(document, operationName ?? undefined, variables) ?? result;
    return result.errors?.some((error) => !error.extensions) ? { ...result, errors: result.errors.map(withExtensions) } : result;
  }

  /**
   * A result without data is a request refused before execution, usually for its variables.
   * graphql-jit words those errors its own way, which Apollo does not recognise as bad user
   * input (it answers "Internal server error"): graphql-js's coercion gives the answer clients
   * had before, with the message saying which variable is wrong and what it accepts.
   */
  private variableErrors(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): ExecutionResult | null {
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    const coerced = getVariableValues(this.schema!, operation.variableDefinitions ?? [], variables);
    return coerced.errors ? { errors: coerced.errors } : null;
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | ExecutionResult {
    const byOperation = this.compiled.get(document) ?? new Map<string, CompiledQuery>();
    // Without a name the document has one operation (else it does not compile): '' is that one.
    const key = operationName ?? '';
    const cached = byOperation.get(key);
    if (cached) return cached;
    const compiled = compileQuery(this.schema!, document, operationName);
    if (!isCompiledQuery(compiled)) return compiled;
    byOperation.set(key, compiled);
    this.compiled.set(document, byOperation);
    return compiled;
  }
}

/**
 * graphql-jit leaves `extensions` out of an error whose cause has none (a plain Error thrown by a
 * resolver); Apollo reads `extensions.code` and would answer a bare "Internal server error"
 * instead of passing the error to the formatter (which logs it under an error id). graphql-js
 * always gives `{}`.
 */
function withExtensions(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const standard = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? error });
  return Object.assign(standard, { locations: error.locations });
}
