/** What the group API handlers share: the coordinator of the request's cluster and the client's identity. */
import type { RequestContext } from '../api/types.js';
import { groupCoordinatorOf } from './attach.js';
import type { GroupCoordinator } from './coordinator.js';

export function coordinatorFor(ctx: RequestContext): GroupCoordinator {
  return groupCoordinatorOf(ctx.cluster);
}

export function clientIdOf(ctx: RequestContext): string {
  return ctx.header.clientId ?? '';
}

/**
 * The member's host as Kafka reports it (InetAddress.toString: "/127.0.0.1"). The request context does not
 * carry the peer address; the built-in cluster listens on loopback only, where the client connects from the
 * listener's own address, so that is used.
 */
export function clientHostOf(ctx: RequestContext): string {
  return `/${ctx.cluster.endpoint(ctx.brokerId)?.host ?? '127.0.0.1'}`;
}

/** READ, DESCRIBE and DELETE: every operation Kafka's ACLs define for a group (no authorizer: all allowed). */
export const GROUP_AUTHORIZED_OPERATIONS = (1 << 3) | (1 << 8) | (1 << 6);
