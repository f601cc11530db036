import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { UnauthenticatedError } from './errors';

/** SYSTEM: the service's own background work (the scheduler), acting for one organization. */
export type PrincipalKind = 'USER' | 'API_KEY' | 'SYSTEM';

/** One role assignment of a principal, with the permissions its role grants. */
export interface Grant {
  assignmentId: string;
  roleKey: string;
  /** Null: the whole organization. */
  brandId: string | null;
  permissions: ReadonlySet<string>;
}

/** Who is calling: a user of an organization, or an integrator's API key, with its grants. */
export interface Principal {
  kind: PrincipalKind;
  id: string;
  organizationId: string;
  grants: readonly Grant[];
}

/**
 * Everything a use case needs to know about the request it serves. Created once per HTTP
 * request; services take it as their first argument.
 */
export class RequestContext {
  readonly requestId: string;
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  private currentPrincipal: Principal | null;

  constructor(principal: Principal | null = null, requestId?: string) {
    this.currentPrincipal = principal;
    this.requestId = requestId ?? randomUUID();
  }

  get principal(): Principal | null {
    return this.currentPrincipal;
  }

  /** Set once by the access guard when the bearer token has been verified. */
  authenticate(principal: Principal): void {
    if (this.currentPrincipal && this.currentPrincipal.id !== principal.id) {
      throw new Error('RequestContext is already authenticated as another principal');
    }
    this.currentPrincipal = principal;
  }

  /** The tenant of the request. Fails closed: no principal, no data. */
  get organizationId(): string {
    if (!this.principal) throw new UnauthenticatedError();
    return this.principal.organizationId;
  }

  get requirePrincipal(): Principal {
    if (!this.principal) throw new UnauthenticatedError();
    return this.principal;
  }

  /**
   * A DataLoader cached for the lifetime of this request. `key` names the loader and must
   * include anything (arguments, filters) the batch function depends on.
   */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>, cacheKey?: (key: K) => unknown): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, unknown>(batch, { maxBatchSize: 1000, cacheKeyFn: cacheKey });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Forgets everything loaded so far: after a write, later fields read fresh rows. */
  clearLoaders(): void {
    this.loaders.clear();
  }
}
