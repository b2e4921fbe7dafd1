/**
 * The built-in Kafka cluster: N brokers on loopback speaking the Kafka wire protocol, one shared
 * metadata model persisted in `<dataDir>/metadata.json`. This is the entry point the CLI, the reconciler and
 * the tests use.
 */
export { startBuiltInCluster, BrokerCountError, type BuiltInClusterOptions, type RunningCluster } from './cluster.js';
export { DataDirLockedError } from './lock.js';
export { MetadataFileError } from './persistence.js';
export { startControlServer, writeControlFile, removeControlFile, readControlFile, CONTROL_FILE, type ControlServer, type ControlFile } from './control-server.js';
