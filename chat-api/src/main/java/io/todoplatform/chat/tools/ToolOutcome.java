package io.todoplatform.chat.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one tool call produced: the JSON result handed to the model (and shown in the API's {@code toolCalls}),
 * and a bounded outcome label for metrics: ok, rejected (invalid arguments), backend_4xx, backend_error.
 */
public record ToolOutcome(JsonNode result, String outcome) {}
