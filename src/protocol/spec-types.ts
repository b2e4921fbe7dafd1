/**
 * The shape of Kafka's message JSON (clients/src/main/resources/common/message/*.json) as we keep it in
 * `generated/schemas.ts`. Version strings stay as Kafka writes them ("0+", "3-5", "none"); `versions.ts` parses them.
 */
export interface FieldSpec {
  readonly name: string;
  /** 'int32', 'string', '[]int32', '[]CreatableTopic', 'LeaderIdAndEpoch', ... */
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  /** Kafka's custom default, as written in the JSON ("-1", "null", "false", "0x7fffffff"). */
  readonly default?: string;
  readonly ignorable?: boolean;
  /** Only RequestHeader.ClientId uses this ("none": always the classic int16-length string). */
  readonly flexibleVersions?: string;
  readonly fields?: readonly FieldSpec[];
}

export interface StructSpec {
  readonly name: string;
  readonly versions: string;
  readonly fields: readonly FieldSpec[];
}

export type MessageKind = 'request' | 'response' | 'header';

export interface MessageSpec {
  readonly name: string;
  readonly apiKey?: number;
  readonly type: MessageKind;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
  readonly commonStructs?: readonly StructSpec[];
}
