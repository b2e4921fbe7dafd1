/** What every API handler file exports, and the context a request is served in. */
import type { Logger } from 'pino';
import type { RequestHeader } from '../../protocol/codec.js';
import type { ClusterModel } from '../model/cluster-model.js';

/** Broker settings Kafka reads from server.properties that the handlers need. */
export interface BrokerSettings {
  /** num.partitions (Kafka default 1): used when CreateTopics asks for -1. */
  readonly defaultNumPartitions: number;
  /** default.replication.factor (Kafka default 1): used when CreateTopics asks for -1. */
  readonly defaultReplicationFactor: number;
  /** Random source for replica placement's start index (inject a seeded one in tests). */
  readonly placementRng: () => number;
}

export interface RequestContext {
  /** The broker whose listener received the request. */
  readonly brokerId: number;
  readonly cluster: ClusterModel;
  readonly header: RequestHeader;
  /** Child logger carrying broker id, connection and request fields. */
  readonly log: Logger;
  readonly registry: ApiRegistryView;
  readonly settings: BrokerSettings;
  /** Settles once every change made so far is persisted (await it before acknowledging a change). */
  durable(): Promise<void>;
}

/** The versions a handler serves, as ApiVersions advertises them. */
export interface ApiVersionRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export interface ApiRegistryView {
  /** Every registered API, sorted by key. */
  versions(): readonly ApiVersionRange[];
}

/** What a handler returns when Kafka sends no response at all (Produce with acks=0): declare it in the handler's Res type. */
export const NO_RESPONSE: { readonly noResponse: true } = Object.freeze({ noResponse: true as const });

/**
 * One Kafka API. `handle` gets the decoded request body of version ctx.header.apiVersion (within
 * minVersion..maxVersion) and returns the response body for the same version.
 */
export interface ApiHandler<Req extends object = object, Res extends object = object> extends ApiVersionRange {
  readonly name: string;
  handle(ctx: RequestContext, request: Req): Res | Promise<Res>;
}
