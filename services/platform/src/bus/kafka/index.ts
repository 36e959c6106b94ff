// `@grid/platform/kafka`: the Kafka bus. Only a process configured with BUS=kafka loads kafkajs.
export * from './kafka-bus';
export type { KafkaSasl, KafkaSecurity, KafkaTls } from './kafka-security';
export type { KafkaSubscription, ConsumerTuning } from './kafka-subscription';
export type { PartitionLag } from './kafka-offsets';
export type { KafkaLogLevel } from './kafka-logging';
