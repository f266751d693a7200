package dev.phiguard.broker.http;

/** One method on one resource: turns a call into a reply, or throws a refusal (mapped by {@link ApiErrors}). */
@FunctionalInterface
interface Endpoint {
    Reply handle(Call call) throws Exception;
}
