package io.todoplatform.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.chat.support.Text;
import io.todoplatform.service.text.VisibleText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The body of {@code POST /api/{userId}/chat}, validated: every problem reported with its field. */
public record ChatRequest(String message, Optional<String> conversationId) {
  public static final int MESSAGE_MAX = 4_000;
  static final Pattern CONVERSATION_ID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> FIELDS = Set.of("message", "conversationId");

  static ChatRequest parse(ObjectNode body) {
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        errors.add(new FieldError(name, "unknown field (expected message, conversationId)"));
      }
    }
    JsonNode message = body.get("message");
    String text = null;
    if (message == null || message.isNull()) {
      errors.add(new FieldError("message", "is required"));
    } else if (!message.isTextual()) {
      errors.add(new FieldError("message", "must be a string"));
    } else if (VisibleText.isBlank(message.asText())) {
      errors.add(new FieldError("message", "must not be blank"));
    } else if (Text.length(message.asText()) > MESSAGE_MAX) {
      errors.add(new FieldError("message", "must be at most " + MESSAGE_MAX + " characters (got "
          + Text.length(message.asText()) + ")"));
    } else {
      text = message.asText();
    }
    JsonNode id = body.get("conversationId");
    Optional<String> conversationId = Optional.empty();
    if (id != null && !id.isNull()) {
      if (!id.isTextual() || !CONVERSATION_ID.matcher(id.asText()).matches()) {
        errors.add(new FieldError("conversationId", "must be a conversation id returned by this API (a UUID)"));
      } else {
        conversationId = Optional.of(id.asText());
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.validation(errors);
    }
    return new ChatRequest(text, conversationId);
  }
}
