package dev.phiguard.cli.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /v1/tokens} (development issuer only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRequest(String subject, List<String> groups, Map<String, String> claims, String ttl) {}
