import { describe, expect, it } from 'vitest';
import { reassignmentMoves } from '../reassignment/plan-reassignment.js';
import { exampleReassignment } from '../reassignment/testing.js';
import { renderKafkaReassignmentJson, renderKafkaRollbackJson } from './kafka-reassignment.js';

describe('renderKafkaReassignmentJson', () => {
  it('writes the file kafka-reassign-partitions.sh --execute accepts, sorted by topic then partition', () => {
    expect(renderKafkaReassignmentJson(reassignmentMoves(exampleReassignment()).reverse())).toBe(
      '{"version":1,"partitions":[' +
        '{"topic":"orders.v1","partition":0,"replicas":[2,1,3],"log_dirs":["any","any","any"]},' +
        '{"topic":"orders.v1","partition":3,"replicas":[1,2,4],"log_dirs":["any","any","any"]},' +
        '{"topic":"payments","partition":1,"replicas":[4,3],"log_dirs":["any","any"]}]}',
    );
  });

  it('sorts partitions numerically and topics by code unit, keeps replica order', () => {
    const json = renderKafkaReassignmentJson([
      { topic: 't', partition: 10, to: [3, 1] },
      { topic: 't', partition: 2, to: [1] },
      { topic: 'T', partition: 0, to: [2, 1] },
    ]);
    expect(JSON.parse(json)).toEqual({
      version: 1,
      partitions: [
        { topic: 'T', partition: 0, replicas: [2, 1], log_dirs: ['any', 'any'] },
        { topic: 't', partition: 2, replicas: [1], log_dirs: ['any'] },
        { topic: 't', partition: 10, replicas: [3, 1], log_dirs: ['any', 'any'] },
      ],
    });
  });

  it('writes an empty partition list for no moves', () => {
    expect(renderKafkaReassignmentJson([])).toBe('{"version":1,"partitions":[]}');
  });
});

describe('renderKafkaRollbackJson', () => {
  it('writes the current replicas, to undo the reassignment', () => {
    expect(renderKafkaRollbackJson(reassignmentMoves(exampleReassignment()))).toBe(
      '{"version":1,"partitions":[' +
        '{"topic":"orders.v1","partition":0,"replicas":[1,2,3],"log_dirs":["any","any","any"]},' +
        '{"topic":"orders.v1","partition":3,"replicas":[1,2,3],"log_dirs":["any","any","any"]},' +
        '{"topic":"payments","partition":1,"replicas":[2,3],"log_dirs":["any","any"]}]}',
    );
  });
});
