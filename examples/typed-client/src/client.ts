import type { TypedDocumentString } from './gql/graphql';

/** A GraphQL error as Parasol sends it: every error carries `extensions.code`. */
export interface ParasolError {
  message: string;
  extensions?: { code?: string };
}

export class ParasolRequestError extends Error {
  constructor(readonly errors: ParasolError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
}

/**
 * POST /graphql with plain fetch. The document's type carries its result and variables, so
 * `send(url, Inbox, { brandId })` answers the Inbox query's typed result, and forgetting
 * `brandId` does not compile.
 */
export async function send<TResult, TVariables>(
  url: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token?: string,
): Promise<TResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: ParasolError[] };
  if (body.errors?.length) throw new ParasolRequestError(body.errors);
  if (!response.ok || !body.data) throw new Error(`HTTP ${response.status} without data`);
  return body.data;
}
