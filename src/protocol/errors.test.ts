import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ErrorCode, KAFKA_ERRORS, KafkaProtocolError, kafkaError } from './errors.js';

const md = readFileSync(new URL('../../vendor/kafka-spec/error-codes.md', import.meta.url), 'utf8');
const rows = [...md.matchAll(/^\| (-?\d+) \| (\w+) \| (yes|no) \| (.*?) \| \w* \|$/gm)]
  .map((m) => ({ code: Number(m[1]), name: m[2], retriable: m[3] === 'yes', message: m[4].trim() }));

describe('Kafka error table', () => {
  it('matches error-codes.md entry for entry (-1..128, no 99)', () => {
    expect(rows.length).toBe(129);
    expect(KAFKA_ERRORS.map((e) => ({ ...e }))).toEqual(rows);
  });

  it('has the well-known entries', () => {
    expect(kafkaError(37)).toMatchObject({ name: 'INVALID_PARTITIONS', retriable: false, message: 'Number of partitions is below 1.' });
    expect(kafkaError(3)).toMatchObject({ name: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true });
    expect(kafkaError(-1).name).toBe('UNKNOWN_SERVER_ERROR');
    expect(ErrorCode.NONE).toBe(0);
    expect(ErrorCode.UNSUPPORTED_VERSION).toBe(35);
    expect(ErrorCode.INVALID_REGULAR_EXPRESSION).toBe(128);
    expect(Object.keys(ErrorCode).length).toBe(129);
    const retriable = KAFKA_ERRORS.filter((e) => e.retriable).map((e) => e.code).join(', ');
    expect(md).toContain(`Retriable codes (31): ${retriable}.`);
  });

  it('gives a synthetic entry for unknown codes', () => {
    expect(kafkaError(99)).toEqual({ code: 99, name: 'UNKNOWN_ERROR_CODE_99', retriable: false, message: 'Unknown Kafka error code 99.' });
  });

  it('KafkaProtocolError carries code, name and retriable', () => {
    const e = new KafkaProtocolError(36, 'Topic orders already exists.');
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: 36, errorName: 'TOPIC_ALREADY_EXISTS', retriable: false, name: 'KafkaProtocolError' });
    expect(e.message).toBe('TOPIC_ALREADY_EXISTS (36): Topic orders already exists.');
    expect(new KafkaProtocolError(7).message).toBe('REQUEST_TIMED_OUT (7): The request timed out.');
    expect(new KafkaProtocolError(7).retriable).toBe(true);
  });
});
