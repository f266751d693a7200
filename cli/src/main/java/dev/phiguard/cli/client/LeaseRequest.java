package dev.phiguard.cli.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code POST /v1/leases}; {@code ttl} (ISO-8601) and {@code reason} are optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeaseRequest(String purpose, String ttl, String reason) {}
