package io.todoplatform.chat.turn;

import java.util.List;

/**
 * A message that got no answer. Nothing of it is stored in the conversation; the tool calls that had already
 * run (each one a complete backend change) are reported so the client can tell the user what did happen.
 */
public final class ChatTurnFailedException extends RuntimeException {
  private final int status;
  private final String problemType;
  private final List<ExecutedToolCall> executed;

  public ChatTurnFailedException(int status, String problemType, String message, List<ExecutedToolCall> executed,
      Throwable cause) {
    super(message, cause);
    this.status = status;
    this.problemType = problemType;
    this.executed = List.copyOf(executed);
  }

  public int status() {
    return status;
  }

  public String problemType() {
    return problemType;
  }

  public List<ExecutedToolCall> executed() {
    return executed;
  }
}
