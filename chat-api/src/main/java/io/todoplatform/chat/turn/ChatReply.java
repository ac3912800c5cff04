package io.todoplatform.chat.turn;

import java.util.List;

/** The answer to one chat message. */
public record ChatReply(String conversationId, String reply, List<ExecutedToolCall> toolCalls) {}
