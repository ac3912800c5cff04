package io.todoplatform.chat.turn;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool call that ran during one message, as the API shows it: the tool, its arguments, its result. */
public record ExecutedToolCall(String name, JsonNode arguments, JsonNode result) {}
