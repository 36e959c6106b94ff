import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import type { Bus, BusSubscription, DeliveredMessage, SubscribeTuning } from '../bus';

export interface BusTransportOptions {
  /** A KafkaBus in production; any Bus works (the embedded one in `npm start`). */
  bus: Bus;
  /** The consumer group: one per service and purpose, shared by all replicas of it. */
  groupId: string;
  tuning?: SubscribeTuning;
}

/** What `@Ctx()` gives an `@EventPattern` handler: the delivered message with its partition, offset, attempt. */
export class BusContext extends BaseRpcContext<[DeliveredMessage]> {
  getMessage(): DeliveredMessage {
    return this.args[0];
  }
  getTopic(): string {
    return this.args[0].topic;
  }
  getHeaders(): Record<string, string> {
    return this.args[0].headers ?? {};
  }
  /** 1 on first delivery; a handler may log or alert on retries. */
  getAttempt(): number {
    return this.args[0].attempt;
  }
}

/**
 * A Nest microservice transport over the Bus port: every `@EventPattern('<topic>')` handler of the app
 * becomes one subscription (one consumer group member) through `Bus.subscribe`, so Nest handlers get the
 * bus's semantics unchanged: the offset is committed only after the handler (and, when it returns one,
 * its Observable) succeeded, failures are retried with doubling backoff, then dead-lettered to
 * `<topic>.dlq`. Why not Nest's own ServerKafka: it commits through kafkajs's auto-commit and has no
 * dead-letter topic, so a failing event is either lost or blocks its partition forever.
 * Events only: request-response (`@MessagePattern`) needs reply topics, which this platform does not use.
 *
 *   const app = await NestFactory.createMicroservice(AppModule, { strategy: new BusTransportStrategy({ bus, groupId }) });
 *   app.useGlobalFilters(new BusEventErrors()); // so dead letters carry the real error (see below)
 */
export class BusTransportStrategy extends Server implements CustomTransportStrategy {
  // Handler failures are ours to see (retry, dead-letter), not only Nest's to log.
  override readonly propagatesEventHandlerErrors = true;
  private subscription: BusSubscription | null = null;

  constructor(private readonly options: BusTransportOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const handlers = [...this.getHandlers()];
      const requestHandlers = handlers.filter(([, handler]) => !handler.isEventHandler).map(([pattern]) => pattern);
      if (requestHandlers.length > 0)
        throw new Error(`the bus carries events only; @MessagePattern handlers cannot be served: ${requestHandlers.join(', ')}`);
      const topics = handlers.map(([pattern]) => pattern);
      if (topics.length > 0) {
        this.subscription = await this.options.bus.subscribe(
          this.options.groupId,
          topics,
          (message) => this.dispatch(message),
          this.options.tuning,
        );
      }
      this._status$.next('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
    this._status$.next('disconnected');
  }

  /** Resolves when the app's group has handled everything published to its topics so far (tests, health). */
  async caughtUp(timeoutMs?: number): Promise<void> {
    await this.subscription?.caughtUp(timeoutMs);
  }

  on(): never {
    throw new Error('BusTransportStrategy has no server events to listen to');
  }

  unwrap<T>(): T {
    if (!this.subscription) throw new Error('not listening: call app.listen() first');
    return this.subscription as T;
  }

  /**
   * Runs the topic's handler chain (Nest links several handlers of one pattern) to completion: a rejected
   * promise or an erroring Observable makes the bus retry, which is why the result is awaited here and not
   * just connected as Nest's base Server does. Processing hooks are not run: they are for Nest's own
   * transports' tracing, and tracing here starts from the message's `traceparent` header.
   */
  private async dispatch(message: DeliveredMessage): Promise<void> {
    const handler = this.getHandlerByPattern(message.topic);
    if (!handler) throw new Error(`no @EventPattern handler for topic ${message.topic}`);
    const result: unknown = await handler(message.value, new BusContext([message]));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}

/**
 * Passes an event handler's error on as it is. Nest's default RPC filter replaces an unknown error with
 * `{ status: 'error', message: 'Internal server error' }`, a reply fit for a remote caller; an event has
 * no caller, and the dead letter's `dlq-error` should tell the operator what actually went wrong.
 */
@Catch()
export class BusEventErrors implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
